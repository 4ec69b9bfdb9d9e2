/// A KMIP item tag: a 3-byte value, `0x42XXXX` for tags the specification defines and
/// `0x54XXXX` for extensions.
///
/// `Tag` is an open set: any 24-bit value is representable, so unknown and vendor tags
/// round-trip. Tags the spec defines have static members (generated from the spec table),
/// such as `Tag.activationDate`.
public struct Tag: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The tag value; only the low 24 bits are used on the wire.
    public var rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Creates a tag from a 24-bit value; `nil` when the value needs more than 3 bytes.
    public init?(exactly value: UInt32) {
        guard value <= 0xFF_FFFF else { return nil }
        self.rawValue = value
    }

    public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the tag lies in the extension range `0x540000...0x54FFFF`.
    public var isExtension: Bool { rawValue & 0xFF_0000 == 0x54_0000 }

    /// The tag as six hex digits with a `0x` prefix, e.g. `0x420001`.
    public var hex: String { "0x" + hex6(rawValue) }

    /// The normalised spec name (`ActivationDate`) when the spec table knows the tag,
    /// otherwise the hex form.
    public var description: String { SpecTable.tag(self)?.name ?? hex }
}

func hex6(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
}
