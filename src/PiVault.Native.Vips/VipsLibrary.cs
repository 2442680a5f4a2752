namespace PiVault.Native.Vips;

/// <summary>Placeholder: the libvips binding lands here (operation API, no variadic calls).</summary>
public static class VipsLibrary;
