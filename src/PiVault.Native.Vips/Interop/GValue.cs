using System.Runtime.InteropServices;

namespace PiVault.Native.Vips.Interop;

/// <summary>
/// GLib's GValue: a GType and a two-slot union (24 bytes on 64-bit). Zero it before g_value_init.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public nuint GType;
    public long Data0;
    public long Data1;
}

/// <summary>
/// The public head of GObject's GParamSpec; only <see cref="ValueType"/> is read. Borrowed from the class,
/// never freed.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GParamSpec
{
    public nint TypeInstance;
    public nint Name;
    public int Flags;
    public nuint ValueType;
    public nuint OwnerType;
}

/// <summary>Fundamental GTypes (G_TYPE_MAKE_FUNDAMENTAL(n) = n &lt;&lt; 2).</summary>
internal static class FundamentalType
{
    public const nuint Boolean = 5 << 2;
    public const nuint Int = 6 << 2;
    public const nuint Enum = 12 << 2;
    public const nuint Double = 15 << 2;
    public const nuint String = 16 << 2;
    public const nuint Boxed = 18 << 2;
    public const nuint Object = 20 << 2;
}
