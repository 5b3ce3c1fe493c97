using Yunbao.Application.Ports;

namespace Yunbao.Application.Tests.Contracts;

/// <summary>The four repositories of one fresh, empty store.</summary>
public sealed record RepositorySet(IWorkOrderRepository WorkOrders, IIncidentRepository Incidents, IStewardRepository Stewards, IDeviceStateRepository Devices);
