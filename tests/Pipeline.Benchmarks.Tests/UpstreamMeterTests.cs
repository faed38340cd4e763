using Pipeline.Benchmarks;
using Pipeline.Python.Index.Serving;

namespace Pipeline.Benchmarks.Tests;

public class UpstreamMeterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private const string Numpy = "numpy-2.2.0-cp311-cp311-manylinux_2_17_x86_64.whl";
    private const string TorchCpu = "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl";
    private const string TorchCuda = "torch-2.5.1-cp311-cp311-manylinux1_x86_64.whl";
    private const string Cublas = "nvidia_cublas_cu12-12.4.5.8-py3-none-manylinux2014_x86_64.whl";

    private static readonly Dictionary<string, long> Sizes = new()
    {
        [$"pypi/{Numpy}"] = 1000,
        [$"cpu/{TorchCpu}"] = 5000,
        [$"pypi/{TorchCuda}"] = 9000,
        [$"pypi/{Cublas}"] = 4000,
    };

    private static AccessLogEntry Get(string path, long bytes, double startS, double seconds, int status = 200, string conn = "c1") =>
        new(T0.AddSeconds(startS + seconds), "127.0.0.1", conn, "GET", path, status, bytes, TimeSpan.FromSeconds(seconds));

    [Fact]
    public void Bytes_count_every_response_and_needed_counts_each_distinct_wheel_once()
    {
        AccessLogEntry[] log =
        [
            Get("/pypi/simple/numpy/", 700, 0, 0.1),
            Get($"/pypi/files/{Numpy}", 1000, 1, 1),
            Get($"/pypi/files/{Numpy}", 1000, 3, 1, conn: "c2"), // a second build without a shared cache
            Get($"/cpu/files/{Uri.EscapeDataString(TorchCpu)}", 5000, 5, 2),
        ];

        var traffic = UpstreamMeter.Measure(log, Sizes);

        Assert.Equal(7700, traffic.Bytes);
        Assert.Equal(4, traffic.Requests);
        Assert.Equal(6000, traffic.NeededBytes);
        Assert.Equal(3, traffic.Downloads);
        Assert.Equal(1, traffic.RepeatDownloads);
        Assert.Equal(0, traffic.Retries);
        Assert.Equal(0, traffic.CudaBytes);
    }

    [Fact]
    public void A_cut_off_download_followed_by_another_is_a_retry_and_a_206_is_a_resume()
    {
        AccessLogEntry[] log =
        [
            Get($"/pypi/files/{Numpy}", 400, 0, 1),               // cut off at 400 of 1000
            Get($"/pypi/files/{Numpy}", 1000, 2, 1),              // pip's retry of the whole file
            Get($"/cpu/files/{Uri.EscapeDataString(TorchCpu)}", 2000, 4, 1),
            Get($"/cpu/files/{Uri.EscapeDataString(TorchCpu)}", 3000, 6, 1, status: 206),
        ];

        var traffic = UpstreamMeter.Measure(log, Sizes);

        Assert.Equal(2, traffic.Truncated);
        Assert.Equal(2, traffic.Retries);
        Assert.Equal(1, traffic.Resumes);
        Assert.Equal(0, traffic.RepeatDownloads);
        Assert.Equal(6000, traffic.NeededBytes);
    }

    [Fact]
    public void Cuda_bytes_are_the_nvidia_wheels_and_torchs_cuda_build_but_not_cpu_torch()
    {
        AccessLogEntry[] log =
        [
            Get($"/pypi/files/{TorchCuda}", 9000, 0, 1),
            Get($"/pypi/files/{Cublas}", 4000, 0, 1, conn: "c2"),
            Get($"/cpu/files/{Uri.EscapeDataString(TorchCpu)}", 5000, 0, 1, conn: "c3"),
        ];

        var traffic = UpstreamMeter.Measure(log, Sizes);

        Assert.Equal(13000, traffic.CudaBytes);
        Assert.Equal(3, traffic.PeakConnections);
    }

    [Fact]
    public void Back_to_back_downloads_are_not_counted_as_concurrent()
    {
        AccessLogEntry[] log =
        [
            Get($"/pypi/files/{Numpy}", 1000, 0, 1),
            Get($"/pypi/files/{Cublas}", 4000, 1, 1),
            Get($"/pypi/files/{TorchCuda}", 9000, 1.5, 1, conn: "c2"),
        ];

        Assert.Equal(2, UpstreamMeter.Measure(log, Sizes).PeakConnections);
    }

    [Theory]
    [InlineData("/pypi/files/numpy-2.2.0-py3-none-any.whl", "pypi/numpy-2.2.0-py3-none-any.whl")]
    [InlineData("/cpu/files/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl", "cpu/torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl")]
    [InlineData("/pypi/files/numpy-2.2.0-py3-none-any.whl?x=1", "pypi/numpy-2.2.0-py3-none-any.whl")]
    [InlineData("/pypi/simple/numpy/", null)]
    [InlineData("/pypi/files/numpy-2.2.0-py3-none-any.whl.metadata", null)]
    public void Wheel_paths_are_keyed_by_index_and_decoded_file_name(string path, string? key) =>
        Assert.Equal(key, UpstreamMeter.WheelKey(path));
}
