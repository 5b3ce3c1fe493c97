using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Yunbao.Edge.IotHub;

namespace Yunbao.Edge.Modules;

/// <summary>
/// Builds a camera module's frame uploader: IoT Hub file upload with the vehicle's DEVICE identity (IoT Hub refuses file
/// upload to module identities). The device connection string comes from configuration section <c>FrameUploader</c>:
/// <c>DeviceConnectionStringFile</c> (a file mounted read-only into the container; what the deployment manifest uses, so
/// the key never sits in the deployment or the twin) or <c>DeviceConnectionString</c> (tests, a development box).
/// </summary>
public static class FrameUploaderFactory
{
    public const string SectionName = "FrameUploader";

    public static DeviceFileUploader FromConfiguration(IConfiguration configuration, IotHubClientOptions clientOptions, string deviceId, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var connectionString = section["DeviceConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString) && section["DeviceConnectionStringFile"] is { Length: > 0 } file)
        {
            if (!File.Exists(file))
                throw new InvalidOperationException($"{SectionName}:DeviceConnectionStringFile '{file}' does not exist: mount the file holding the device connection string of '{deviceId}' (infra-bicep/README.md, \"Register a vehicle\").");
            connectionString = File.ReadAllText(file).Trim();
        }
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"No frame uploader: set {SectionName}__DeviceConnectionStringFile (a mounted file with the device connection string of '{deviceId}') or {SectionName}__DeviceConnectionString. " +
                "IoT Hub offers file upload to device identities only, so a camera module cannot upload frames with its module identity.");
        return DeviceFileUploader.FromConnectionString(connectionString, clientOptions, expectedDeviceId: deviceId, logger: loggerFactory.CreateLogger<DeviceFileUploader>());
    }
}
