using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Yunbao.Application.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>The monthly focus report (每月一题). The host registers <see cref="Ports.IReportStore"/> (Blob `reports`).</summary>
    public static IServiceCollection AddYunbaoReports(this IServiceCollection services)
    {
        services.TryAddTransient<MonthlyFocusReports>();
        services.TryAddTransient<Evaluation.PipelineScorecards>(); // scorecard vs simulated ground truth (#15)
        return services;
    }
}
