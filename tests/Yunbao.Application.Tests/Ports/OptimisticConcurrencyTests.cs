using Yunbao.Application.Ports;

namespace Yunbao.Application.Tests.Ports;

public sealed class OptimisticConcurrencyTests
{
    [Fact]
    public async Task A_lost_race_is_tried_again_until_the_write_wins()
    {
        var attempts = 0;
        var result = await OptimisticConcurrency.RetryAsync(_ =>
            ++attempts < 3 ? throw new ConcurrencyConflictException("stale") : Task.FromResult("stored"), 5, default);

        Assert.Equal("stored", result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task After_the_last_attempt_the_conflict_reaches_the_caller()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            OptimisticConcurrency.RetryAsync(_ => { attempts++; throw new ConcurrencyConflictException("stale"); }, 4, default));
        Assert.Equal(4, attempts);
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OptimisticConcurrency.RetryAsync(_ => { attempts++; throw new InvalidOperationException("no etag"); }, 4, default));
        Assert.Equal(1, attempts);
    }
}
