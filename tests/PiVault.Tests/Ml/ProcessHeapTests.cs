using PiVault.Ml.Sessions;

namespace PiVault.Tests.Ml;

public sealed class ProcessHeapTests
{
    [Fact]
    public void Glibc_takes_both_heap_thresholds_and_the_memory_goes_back_on_request()
    {
        // mallopt answers 0 for a parameter it does not know or a value it refuses.
        Assert.True(ProcessHeap.KeepFreedBlocks(), "glibc refused the heap policy's thresholds");

        ProcessHeap.ReturnToSystem();
    }
}
