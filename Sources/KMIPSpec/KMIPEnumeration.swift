/// A KMIP enumeration: an open set of 32-bit values with names from the spec table.
///
/// Generated types such as `ObjectType` conform. Values outside the table (vendor
/// extensions `0x8XXXXXXX`, values of newer versions) are representable and print in hex.
public protocol KMIPEnumeration: RawRepresentable, Hashable, Sendable, CustomStringConvertible
where RawValue == UInt32 {
    /// The normalised name of the enumeration in the spec table.
    static var valueSetName: String { get }
    /// The spec table's definition of this enumeration (generated types keep it in a
    /// `static let`: it is asked for each value written).
    static var definition: ValueSetDefinition? { get }
    init(rawValue: UInt32)
}

extension KMIPEnumeration {
    /// Looked up by `valueSetName`.
    public static var definition: ValueSetDefinition? { SpecTable.valueSet(named: valueSetName) }

    /// The value's normalised name, or `nil` for a value the table does not define.
    public var name: String? { Self.definition?.value(rawValue)?.name }

    /// Whether the value lies in the extension range (first nibble 8).
    public var isExtension: Bool { rawValue & 0xF000_0000 == 0x8000_0000 }

    public var description: String { name ?? hex8(rawValue) }
}

/// A KMIP bit mask (Cryptographic Usage Mask, Storage Status Mask, ...): an option set of
/// 32-bit flags with names from the spec table.
public protocol KMIPMask: OptionSet, Hashable, Sendable, CustomStringConvertible where RawValue == UInt32 {
    /// The normalised name of the mask in the spec table.
    static var valueSetName: String { get }
    /// The spec table's definition of this mask.
    static var definition: ValueSetDefinition? { get }
}

extension KMIPMask {
    /// Looked up by `valueSetName`.
    public static var definition: ValueSetDefinition? { SpecTable.valueSet(named: valueSetName) }

    /// The mask as the XML encoding writes it: bit names separated by spaces, and any bits
    /// the table does not name as one hex component.
    public var description: String { SpecTable.maskText(rawValue, set: Self.definition, separator: " ") }
}

extension SpecTable {
    /// Renders `value` as mask components: the names of the set's bits, then one hex
    /// component for the remaining bits; `0x00000000` for zero.
    public static func maskText(_ value: UInt32, set: ValueSetDefinition?, separator: String) -> String {
        var remaining = value
        var parts: [String] = []
        for bit in set?.values ?? [] where bit.value != 0 && remaining & bit.value == bit.value {
            parts.append(set?.value(bit.value)?.name ?? bit.name)
            remaining &= ~bit.value
        }
        if remaining != 0 || parts.isEmpty { parts.append(hex8(remaining)) }
        return parts.joined(separator: separator)
    }
}

/// `0x` and eight hex digits, lower case, as the XML and JSON encodings write 32-bit values.
public func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
