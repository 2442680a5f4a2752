using System.Runtime.InteropServices;

namespace PiVault.Native.Vips.Interop;

/// <summary>
/// Raw imports from GObject and GLib: the GValue and property calls the operation API needs.
/// </summary>
/// <remarks>
/// GValues live on the managed stack (<see cref="GValue"/> is blittable); each one is initialised with
/// g_value_init and released with g_value_unset, which drops whatever reference the value holds.
/// Getters return borrowed pointers, valid until the value is unset.
/// </remarks>
internal static unsafe partial class LibGObject
{
    internal const string Name = "libgobject-2.0.so.0";
    internal const string GLibName = "libglib-2.0.so.0";

    [LibraryImport(Name)]
    internal static partial GValue* g_value_init(GValue* value, nuint type);

    [LibraryImport(Name)]
    internal static partial void g_value_unset(GValue* value);

    [LibraryImport(Name)]
    internal static partial void g_value_set_int(GValue* value, int v);

    [LibraryImport(Name)]
    internal static partial void g_value_set_boolean(GValue* value, int v);

    [LibraryImport(Name)]
    internal static partial void g_value_set_double(GValue* value, double v);

    [LibraryImport(Name)]
    internal static partial void g_value_set_enum(GValue* value, int v);

    /// <summary>Copies the string into the value.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_value_set_string(GValue* value, string v);

    /// <summary>Takes a new reference to the object.</summary>
    [LibraryImport(Name)]
    internal static partial void g_value_set_object(GValue* value, GObjectHandle v);

    /// <summary>Takes a new reference to the boxed value (for VipsArea types, vips_area_copy).</summary>
    [LibraryImport(Name)]
    internal static partial void g_value_set_boxed(GValue* value, VipsAreaHandle v);

    [LibraryImport(Name)]
    internal static partial nint g_value_get_object(GValue* value);

    [LibraryImport(Name)]
    internal static partial nint g_value_get_boxed(GValue* value);

    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_set_property(GObjectHandle gobject, string name, GValue* value);

    /// <summary><paramref name="value"/> must be initialised to the property's type; the caller unsets it.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_get_property(GObjectHandle gobject, string name, GValue* value);

    /// <summary>The class's GParamSpec for a property (borrowed), or null when there is none.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial GParamSpec* g_object_class_find_property(nint objectClass, string name);

    [LibraryImport(Name)]
    internal static partial nint g_object_ref(nint gobject);

    [LibraryImport(Name)]
    internal static partial void g_object_unref(nint gobject);

    [LibraryImport(Name)]
    internal static partial nuint g_type_fundamental(nuint type);

    [LibraryImport(GLibName)]
    internal static partial void g_free(void* memory);

    /// <summary>Frees a null-terminated array of strings and the strings.</summary>
    [LibraryImport(GLibName)]
    internal static partial void g_strfreev(byte** strings);
}
