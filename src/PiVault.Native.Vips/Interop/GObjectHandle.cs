using System.Runtime.InteropServices;

namespace PiVault.Native.Vips.Interop;

/// <summary>
/// Owns one reference to a GObject (a VipsImage or VipsOperation); releasing it calls g_object_unref.
/// </summary>
/// <remarks>
/// Passing the handle to an import keeps the object alive for the call (the marshaller AddRefs the
/// SafeHandle). An invalid handle (null) is what the creating functions return on failure.
/// </remarks>
internal sealed class GObjectHandle : SafeHandle
{
    public GObjectHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <summary>Adopts a reference the caller already owns (e.g. after g_object_ref).</summary>
    internal GObjectHandle(nint ownedReference)
        : this() => SetHandle(ownedReference);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LibGObject.g_object_unref(handle);
        return true;
    }
}

/// <summary>
/// Owns one reference to a VipsArea (a VipsBlob or VipsArrayDouble); releasing it calls vips_area_unref.
/// </summary>
internal sealed class VipsAreaHandle : SafeHandle
{
    public VipsAreaHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        LibVips.vips_area_unref(handle);
        return true;
    }
}
