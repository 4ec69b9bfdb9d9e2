import TTLV

/// A value holding key material. Its `description` shows only sizes, and every other form of
/// output (`debugDescription`, `dump`, string interpolation of an enclosing value) shows the
/// same text: never the bytes.
public protocol SensitiveValue: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {}

extension SensitiveValue {
    public var debugDescription: String { description }

    /// A mirror without children, so reflection shows `description` only.
    public var customMirror: Mirror { Mirror(self, children: KeyValuePairs<String, Any>()) }
}

/// The length of some bytes, as sensitive values print it: `<32 bytes>`.
func byteCount(_ bytes: [UInt8]) -> String { "<\(bytes.count) bytes>" }

/// The length of a Big Integer, as sensitive values print it.
func byteCount(_ value: BigInteger) -> String { byteCount(value.bytes) }

/// `Name(field: <n bytes>, ...)` for the fields that are present.
func redacted(_ name: String, _ fields: KeyValuePairs<String, String?>) -> String {
    let parts = fields.compactMap { field in field.value.map { "\(field.key): \($0)" } }
    return name + "(" + parts.joined(separator: ", ") + ")"
}
