using System.Diagnostics.CodeAnalysis;

namespace QuickFix.Checkpoints;

/// <summary>Facts about <see cref="SafetensorsDType"/> values: header spelling and size in bits.</summary>
public static class SafetensorsDTypes
{
    /// <summary>The spelling of <paramref name="dtype"/> in a safetensors header (e.g. <c>"BF16"</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static string ToName(this SafetensorsDType dtype)
    {
        ThrowIfUndefined(dtype);
        return dtype.ToString();
    }

    /// <summary>
    /// Reads a header dtype string. Case-sensitive, as in the safetensors crate: <c>"f32"</c> is not a dtype.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out SafetensorsDType dtype)
    {
        // Enum.TryParse would also accept digits ("17") and other casings; the format allows neither.
        if (name is not null
            && Enum.TryParse<SafetensorsDType>(name, ignoreCase: false, out var parsed)
            && Enum.IsDefined(parsed)
            && parsed.ToString() == name)
        {
            dtype = parsed;
            return true;
        }

        dtype = default;
        return false;
    }

    /// <summary>Bits per element: 4 (F4), 6 (F6_*), 8, 16, 32 or 64 (C64 counts both halves).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined member.</exception>
    public static int BitSize(this SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F4 => 4,
        SafetensorsDType.F6_E2M3 or SafetensorsDType.F6_E3M2 => 6,
        SafetensorsDType.BOOL or SafetensorsDType.U8 or SafetensorsDType.I8 or SafetensorsDType.F8_E5M2
            or SafetensorsDType.F8_E4M3 or SafetensorsDType.F8_E8M0 or SafetensorsDType.F8_E4M3FNUZ
            or SafetensorsDType.F8_E5M2FNUZ => 8,
        SafetensorsDType.I16 or SafetensorsDType.U16 or SafetensorsDType.F16 or SafetensorsDType.BF16 => 16,
        SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.F32 => 32,
        SafetensorsDType.C64 or SafetensorsDType.F64 or SafetensorsDType.I64 or SafetensorsDType.U64 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype."),
    };

    private static void ThrowIfUndefined(SafetensorsDType dtype)
    {
        if (!Enum.IsDefined(dtype))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype.");
        }
    }
}
