import KMIPSpec

/// An error mapping between TTLV items and typed KMIP values: what is wrong, and where.
///
/// Errors compare equal by `code`. Descriptions name tags and the path, never values.
public struct KMIPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// A required field is absent.
        public static let missingField = Code(name: "missingField")
        /// An item has a type its field does not allow.
        public static let wrongType = Code(name: "wrongType")
        /// A value is outside what its field allows.
        public static let invalidValue = Code(name: "invalidValue")
        /// A field, value or shape that the protocol version cannot express.
        public static let notInVersion = Code(name: "notInVersion")
        /// The item is not the structure expected here.
        public static let unexpectedTag = Code(name: "unexpectedTag")

        public var description: String { name }
    }

    public var code: Code
    /// Tag names from the outermost structure to the item.
    public var path: [String]
    public var reason: String

    public init(_ code: Code, path: [String] = [], reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    /// The same error, one structure further out (unless the path already starts there).
    func inside(_ tag: Tag) -> KMIPError {
        guard path.first != tag.description else { return self }
        return KMIPError(code, path: [tag.description] + path, reason: reason)
    }

    public static func == (lhs: KMIPError, rhs: KMIPError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        "\(code)\(path.isEmpty ? "" : " in " + path.joined(separator: "/")): \(reason)"
    }
}
