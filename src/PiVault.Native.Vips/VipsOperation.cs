using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>
/// One libvips operation, the way NetVips drives them: create it by nickname, set its arguments as GObject
/// properties, <see cref="Run"/> it through the operation cache, read its outputs, dispose.
/// </summary>
/// <remarks>
/// Not thread-safe; make one per call. Values are converted to each argument's own GType (looked up through
/// vips_object_get_argument), so enums can be given by nickname and an unknown argument fails with a clear
/// message rather than a GLib warning. Outputs read with <see cref="GetImage"/> are new references the caller
/// disposes; <see cref="Dispose"/> drops the operation's own references to its outputs.
/// </remarks>
internal sealed unsafe class VipsOperation : IDisposable
{
    private readonly string _name;
    private GObjectHandle _handle;

    private VipsOperation(string name, GObjectHandle handle)
    {
        _name = name;
        _handle = handle;
    }

    /// <summary>A new operation by nickname ("thumbnail") or type name ("VipsForeignLoadJpegFile").</summary>
    public static VipsOperation Create(string name)
    {
        VipsLibrary.EnsureStarted();
        var handle = LibVips.vips_operation_new(name);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw VipsErrorBuffer.Failure($"libvips has no operation {name}");
        }
        return new VipsOperation(name, handle);
    }

    /// <summary>Sets an int, double or enum argument (an enum by its numeric value).</summary>
    public VipsOperation Set(string name, int value)
    {
        var type = ArgumentType(name);
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, type);
        switch (LibGObject.g_type_fundamental(type))
        {
            case FundamentalType.Enum: LibGObject.g_value_set_enum(&gvalue, value); break;
            case FundamentalType.Double: LibGObject.g_value_set_double(&gvalue, value); break;
            default: LibGObject.g_value_set_int(&gvalue, value); break;
        }
        return SetProperty(name, &gvalue);
    }

    public VipsOperation Set(string name, bool value)
    {
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, ArgumentType(name));
        LibGObject.g_value_set_boolean(&gvalue, value ? 1 : 0);
        return SetProperty(name, &gvalue);
    }

    public VipsOperation Set(string name, double value)
    {
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, ArgumentType(name));
        LibGObject.g_value_set_double(&gvalue, value);
        return SetProperty(name, &gvalue);
    }

    /// <summary>Sets a string argument, or an enum argument by nickname ("sequential", "truncated").</summary>
    public VipsOperation Set(string name, string value)
    {
        var type = ArgumentType(name);
        if (LibGObject.g_type_fundamental(type) == FundamentalType.Enum)
        {
            var number = LibVips.vips_enum_from_nick(_name, type, value);
            if (number < 0)
            {
                throw VipsErrorBuffer.Failure($"{_name}: {value} is not a value of {name}");
            }
            return Set(name, number);
        }
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, type);
        LibGObject.g_value_set_string(&gvalue, value);
        return SetProperty(name, &gvalue);
    }

    /// <summary>Sets an image argument; the operation takes its own reference.</summary>
    public VipsOperation Set(string name, VipsImage image)
    {
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, ArgumentType(name));
        LibGObject.g_value_set_object(&gvalue, image.Handle);
        return SetProperty(name, &gvalue);
    }

    /// <summary>Sets a blob or array argument; the operation takes its own reference.</summary>
    public VipsOperation Set(string name, VipsAreaHandle area)
    {
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, ArgumentType(name));
        LibGObject.g_value_set_boxed(&gvalue, area);
        return SetProperty(name, &gvalue);
    }

    /// <summary>Sets an array-of-double argument (a background colour, say).</summary>
    public VipsOperation Set(string name, ReadOnlySpan<double> values)
    {
        fixed (double* first = values)
        {
            using var array = LibVips.vips_array_double_new(first, values.Length);
            return Set(name, array);
        }
    }

    /// <summary>True when this libvips has an argument of that name (they change between versions).</summary>
    public bool Has(string name) => FindArgument(name) is not null;

    /// <summary>Builds the operation; throws <see cref="VipsException"/> with libvips' message on failure.</summary>
    public void Run()
    {
        var built = LibVips.vips_cache_operation_build(_handle);
        if (built.IsInvalid)
        {
            built.Dispose();
            throw VipsErrorBuffer.Failure($"{_name} failed");
        }
        _handle.Dispose();
        _handle = built;
    }

    /// <summary>An image output, as a new reference the caller disposes.</summary>
    public VipsImage GetImage(string name)
    {
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, LibVips.vips_image_get_type());
        try
        {
            LibGObject.g_object_get_property(_handle, name, &gvalue);
            var image = LibGObject.g_value_get_object(&gvalue);
            if (image == 0)
            {
                throw new VipsException($"{_name} produced no {name}");
            }
            return new VipsImage(new GObjectHandle(LibGObject.g_object_ref(image)));
        }
        finally
        {
            LibGObject.g_value_unset(&gvalue);
        }
    }

    /// <summary>A blob output (an encoded file), copied into a managed array.</summary>
    public byte[] GetBlob(string name)
    {
        GValue gvalue = default;
        LibGObject.g_value_init(&gvalue, LibVips.vips_blob_get_type());
        try
        {
            LibGObject.g_object_get_property(_handle, name, &gvalue);
            var blob = LibGObject.g_value_get_boxed(&gvalue);
            if (blob == 0)
            {
                throw new VipsException($"{_name} produced no {name}");
            }
            var data = LibVips.vips_blob_get(blob, out var length);
            return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
        }
        finally
        {
            LibGObject.g_value_unset(&gvalue);
        }
    }

    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            LibVips.vips_object_unref_outputs(_handle);
        }
        _handle.Dispose();
    }

    private nuint ArgumentType(string name)
    {
        var pspec = FindArgument(name);
        return pspec is null
            ? throw new VipsException($"{_name} has no argument {name} in libvips {VipsLibrary.LoadedVersion}")
            : pspec->ValueType;
    }

    /// <summary>
    /// The argument's GParamSpec (borrowed from the class), or null. Looked up on the object's class
    /// (G_OBJECT_GET_CLASS is the first word of every instance) rather than with vips_object_get_argument,
    /// which would write to the error buffer other threads share.
    /// </summary>
    private GParamSpec* FindArgument(string name)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var objectClass = *(nint*)_handle.DangerousGetHandle();
            return LibGObject.g_object_class_find_property(objectClass, name);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private VipsOperation SetProperty(string name, GValue* gvalue)
    {
        try
        {
            LibGObject.g_object_set_property(_handle, name, gvalue);
        }
        finally
        {
            LibGObject.g_value_unset(gvalue);
        }
        return this;
    }
}
