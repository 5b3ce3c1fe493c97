using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet.Protocol;

namespace Yunbao.Edge.IotHub.Tests;

public sealed class MosquittoConformanceTests(ITestOutputHelper output) : BrokerConformanceTests(output)
{
    protected override ITestBroker CreateBroker() => MosquittoBroker.Binary is null ? new InProcessBroker() : new MosquittoBroker();

    [MosquittoFact]
    public Task Events_arrive_on_documented_topics() => Events_arrive_on_the_documented_topics_with_the_documented_property_bags();

    [MosquittoFact]
    public Task Broker_outage_loses_nothing() => Nothing_is_lost_through_a_broker_outage(restartClientDuringOutage: false);

    [MosquittoFact]
    public Task Client_restart_during_outage_loses_nothing() => Nothing_is_lost_through_a_broker_outage(restartClientDuringOutage: true);

    [MosquittoFact]
    public Task Client_crash_while_sending_loses_nothing() => Nothing_is_lost_when_the_client_crashes_while_sending();
}
