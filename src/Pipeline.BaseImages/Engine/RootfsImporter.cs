using System.IO.Pipelines;
using Pipeline.BaseImages.Planning;
using Pipeline.BaseImages.Rootfs;
using Pipeline.Containers.Context;
using Pipeline.Containers.Engine;

namespace Pipeline.BaseImages.Engine;

/// <summary>
/// Imports a root filesystem through the engine API while the tar is being written (a pipe between
/// <see cref="RootfsTar"/> and the HTTP upload), so no 150 MB temporary file is needed.
/// </summary>
internal static class RootfsImporter
{
    /// <summary>Imports <paramref name="rootfs"/> as <paramref name="target"/> with <paramref name="changes"/>; returns the tar entry count.</summary>
    public static async Task<int> ImportAsync(EngineImages images, string rootfs, ImageReference target, IReadOnlyList<string> changes, CancellationToken ct)
    {
        var pipe = new Pipe();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writing = Task.Run(async () =>
        {
            try
            {
                await using var output = pipe.Writer.AsStream(leaveOpen: true);
                var count = await RootfsTar.WriteAsync(rootfs, output, stop.Token);
                await pipe.Writer.CompleteAsync();
                return count;
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e); // the upload then fails instead of waiting forever
                throw;
            }
        }, CancellationToken.None);

        try
        {
            await using var input = pipe.Reader.AsStream(leaveOpen: true);
            await images.ImportAsync(input, target, changes, ct);
            await pipe.Reader.CompleteAsync();
        }
        catch (Exception e)
        {
            // Stop the writer (it would otherwise walk the whole tree into a closed pipe), then report
            // the writer's own error if it was the cause: "Permission denied on X" beats "upload failed".
            await stop.CancelAsync();
            await pipe.Reader.CompleteAsync();
            await Task.WhenAny(writing);
            if (writing.Exception?.InnerException is { } cause and not OperationCanceledException && !ct.IsCancellationRequested)
                throw new BaseImageException($"Writing the root filesystem tar for {target} failed: {cause.Message}", cause);
            if (e is OperationCanceledException or BaseImageException or EngineUnavailableException) throw;
            if (e is EngineImageException refused) throw new BaseImageException(refused.Message, refused);
            throw new BaseImageException($"Importing the root filesystem as {target} failed: {e.Message}", e);
        }
        return await writing;
    }
}
