using Yunbao.Application.Ports;
using Yunbao.Domain.Catalog;
using Yunbao.Domain.Detection;
using Yunbao.Domain.Geo;
using Yunbao.Domain.Incidents;
using Yunbao.Domain.Stewards;
using Yunbao.Domain.WorkOrders;
using Yunbao.Contracts.Geo;
using Yunbao.Contracts.Frames;

namespace Yunbao.Application.Tests.Contracts;

/// <summary>The four repositories of one fresh, empty store.</summary>
public sealed record RepositorySet(IWorkOrderRepository WorkOrders, IIncidentRepository Incidents, IStewardRepository Stewards, IDeviceStateRepository Devices);
