/// An error reading the XML or JSON encoding: what went wrong and where.
///
/// Errors compare equal by `code`. The location is a line number for XML (when libxml2
/// reports one) and an element path for both encodings.
public struct TTLVTextError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// The document is not well-formed XML or JSON.
        public static let malformed = Code(name: "malformed")
        /// A tag name is not in the spec table and is not a hex tag.
        public static let unknownTag = Code(name: "unknownTag")
        /// A `type` is not one of the KMIP item types.
        public static let unknownType = Code(name: "unknownType")
        /// A value does not parse as its type.
        public static let invalidValue = Code(name: "invalidValue")
        /// An enumeration or mask name is not defined for the item.
        public static let unknownName = Code(name: "unknownName")
        /// A placeholder (`$NOW`, `$KEY_MATERIAL_0`, ...) where a binary value is needed.
        public static let placeholder = Code(name: "placeholder")
        /// The shape is wrong: a value on a Structure, children on a primitive, a missing
        /// attribute, an unexpected root.
        public static let invalidStructure = Code(name: "invalidStructure")
        /// Size, depth or item-count limit exceeded.
        public static let limitExceeded = Code(name: "limitExceeded")

        public var description: String { name }
    }

    public var code: Code
    /// 1-based line in the document, when known.
    public var line: Int?
    /// Element names from the root to the item, when known.
    public var path: [String]
    public var reason: String

    public init(_ code: Code, line: Int? = nil, path: [String] = [], reason: String) {
        self.code = code
        self.line = line
        self.path = path
        self.reason = reason
    }

    public static func == (lhs: TTLVTextError, rhs: TTLVTextError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        var location = ""
        if let line { location += " at line \(line)" }
        if !path.isEmpty { location += " in " + path.joined(separator: "/") }
        return "\(code)\(location): \(reason)"
    }
}
