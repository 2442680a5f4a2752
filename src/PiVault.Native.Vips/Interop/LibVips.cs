using System.Runtime.InteropServices;

namespace PiVault.Native.Vips.Interop;

/// <summary>
/// Raw imports from libvips 8.x with their native names. Only non-variadic entry points: operations are
/// driven through <c>vips_operation_new</c>, GObject properties and <c>vips_cache_operation_build</c>.
/// </summary>
/// <remarks>
/// Ownership: functions returning <see cref="GObjectHandle"/> or <see cref="VipsAreaHandle"/> hand over one
/// reference. Strings the library owns come back as <see cref="IntPtr"/> (a <c>string</c> return would make
/// the marshaller free memory it does not own). <c>gboolean</c> is an <see cref="int"/>, <c>size_t</c> a
/// <see cref="UIntPtr"/>, <c>GType</c> a <see cref="UIntPtr"/>.
/// </remarks>
internal static unsafe partial class LibVips
{
    internal const string Name = "libvips.so.42";

    /// <summary>Starts libvips once per process. 0 on success, -1 with the reason in the error buffer.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_init(string argv0);

    /// <summary>0 = major, 1 = minor, 2 = micro.</summary>
    [LibraryImport(Name)]
    internal static partial int vips_version(int flag);

    [LibraryImport(Name)]
    internal static partial void vips_cache_set_max(int max);

    [LibraryImport(Name)]
    internal static partial void vips_cache_set_max_mem(nuint maxBytes);

    [LibraryImport(Name)]
    internal static partial void vips_cache_set_max_files(int max);

    [LibraryImport(Name)]
    internal static partial void vips_concurrency_set(int concurrency);

    [LibraryImport(Name)]
    internal static partial int vips_concurrency_get();

    /// <summary>Copies the (process-wide) error buffer and clears it in one locked step. Caller frees with g_free.</summary>
    [LibraryImport(Name)]
    internal static partial nint vips_error_buffer_copy();

    [LibraryImport(Name)]
    internal static partial void vips_error_clear();

    /// <summary>Bytes currently allocated through libvips' tracked allocator (pixel buffers).</summary>
    [LibraryImport(Name)]
    internal static partial nuint vips_tracked_get_mem();

    /// <summary>Files libvips currently holds open.</summary>
    [LibraryImport(Name)]
    internal static partial int vips_tracked_get_files();

    /// <summary>A new, unbuilt operation (one reference), or invalid with the reason in the error buffer.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial GObjectHandle vips_operation_new(string name);

    /// <summary>
    /// Builds the operation (or finds an equal one in the operation cache). Returns a new reference to the
    /// built operation, or invalid on failure; the caller still owns <paramref name="operation"/>.
    /// </summary>
    [LibraryImport(Name)]
    internal static partial GObjectHandle vips_cache_operation_build(GObjectHandle operation);

    /// <summary>Drops the operation's own references to its outputs; call once the wanted outputs are ref'd.</summary>
    [LibraryImport(Name)]
    internal static partial void vips_object_unref_outputs(GObjectHandle operation);

    /// <summary>The value of enum <paramref name="type"/> with nickname <paramref name="nick"/>, or -1.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_enum_from_nick(string domain, nuint type, string nick);

    /// <summary>The loader's type name for a file (static string, not freed), or 0 if no loader fits.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_foreign_find_load(string filename);

    /// <summary>The loader's type name for an encoded buffer (static string, not freed), or 0.</summary>
    [LibraryImport(Name)]
    internal static partial nint vips_foreign_find_load_buffer(void* data, nuint size);

    [LibraryImport(Name)]
    internal static partial nuint vips_image_get_type();

    [LibraryImport(Name)]
    internal static partial nuint vips_blob_get_type();

    [LibraryImport(Name)]
    internal static partial nuint vips_array_double_get_type();

    [LibraryImport(Name)]
    internal static partial int vips_image_get_width(GObjectHandle image);

    [LibraryImport(Name)]
    internal static partial int vips_image_get_height(GObjectHandle image);

    [LibraryImport(Name)]
    internal static partial int vips_image_get_bands(GObjectHandle image);

    /// <summary>A VipsBandFormat: 0 uchar, 2 ushort, 6 float, …</summary>
    [LibraryImport(Name)]
    internal static partial int vips_image_get_format(GObjectHandle image);

    /// <summary>The EXIF orientation 1–8 (1 when absent).</summary>
    [LibraryImport(Name)]
    internal static partial int vips_image_get_orientation(GObjectHandle image);

    /// <summary>Non-zero if the orientation swaps width and height (5–8).</summary>
    [LibraryImport(Name)]
    internal static partial int vips_image_get_orientation_swap(GObjectHandle image);

    [LibraryImport(Name)]
    internal static partial int vips_image_hasalpha(GObjectHandle image);

    /// <summary>The GType of a metadata field, or 0 when the image has no such field (no error is set).</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nuint vips_image_get_typeof(GObjectHandle image, string name);

    /// <summary>An int metadata field (e.g. "interlaced"); 0 on success, -1 when absent or not an int.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_int(GObjectHandle image, string name, out int value);

    /// <summary>A blob field's bytes, borrowed (valid while the image lives and the field is unchanged). 0 or -1.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_blob(GObjectHandle image, string name, out void* data, out nuint length);

    /// <summary>The names of the image's metadata fields: a null-terminated array the caller frees with g_strfreev.</summary>
    [LibraryImport(Name)]
    internal static partial byte** vips_image_get_fields(GObjectHandle image);

    /// <summary>Removes a metadata field; non-zero if it was there. Only on images nothing else shares.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_remove(GObjectHandle image, string name);

    /// <summary>Renders the image into a new memory image (one reference), or invalid on failure.</summary>
    [LibraryImport(Name)]
    internal static partial GObjectHandle vips_image_copy_memory(GObjectHandle image);

    /// <summary>Renders the image into a new g_malloc'd pixel array (caller frees with g_free), or null.</summary>
    [LibraryImport(Name)]
    internal static partial void* vips_image_write_to_memory(GObjectHandle image, out nuint size);

    /// <summary>A new blob (one reference) holding a libvips-owned copy of the bytes.</summary>
    [LibraryImport(Name)]
    internal static partial VipsAreaHandle vips_blob_copy(void* data, nuint length);

    /// <summary>The blob's bytes, valid while the blob is referenced.</summary>
    [LibraryImport(Name)]
    internal static partial void* vips_blob_get(nint blob, out nuint length);

    /// <summary>A new array of doubles (one reference), copied from <paramref name="array"/>.</summary>
    [LibraryImport(Name)]
    internal static partial VipsAreaHandle vips_array_double_new(double* array, int count);

    [LibraryImport(Name)]
    internal static partial void vips_area_unref(nint area);
}
