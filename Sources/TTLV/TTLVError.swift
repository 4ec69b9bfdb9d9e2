public import KMIPSpec

/// An error from the binary TTLV codec: what went wrong, where, and in which item.
///
/// Errors compare equal by `code`, so tests can match on the kind of failure. The
/// description names the offset and the tag path but never prints item values.
public struct TTLVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Hashable, Sendable {
            case truncated
            case lengthOutOfBounds
            case invalidLength
            case unknownItemType
            case nonZeroPadding
            case invalidBoolean
            case invalidUTF8
            case depthLimitExceeded
            case itemLimitExceeded
            case messageTooLarge
            case trailingBytes
            case notAStructure
            case valueTooLarge
        }

        let base: Base

        /// The input ends inside an item header or value.
        public static let truncated = Code(base: .truncated)
        /// A declared length runs past the end of the enclosing structure or message.
        public static let lengthOutOfBounds = Code(base: .lengthOutOfBounds)
        /// A fixed-width type declares the wrong length, or a Big Integer is not a multiple of 8.
        public static let invalidLength = Code(base: .invalidLength)
        /// The item type byte is not one KMIP defines.
        public static let unknownItemType = Code(base: .unknownItemType)
        /// Padding bytes are not zero (strict mode).
        public static let nonZeroPadding = Code(base: .nonZeroPadding)
        /// A Boolean is neither 0 nor 1 (strict mode).
        public static let invalidBoolean = Code(base: .invalidBoolean)
        /// A Text String is not valid UTF-8.
        public static let invalidUTF8 = Code(base: .invalidUTF8)
        /// Structures nest deeper than the limit.
        public static let depthLimitExceeded = Code(base: .depthLimitExceeded)
        /// The message holds more items than the limit.
        public static let itemLimitExceeded = Code(base: .itemLimitExceeded)
        /// The message is larger than the limit.
        public static let messageTooLarge = Code(base: .messageTooLarge)
        /// Bytes follow the end of the message.
        public static let trailingBytes = Code(base: .trailingBytes)
        /// A message must be a Structure.
        public static let notAStructure = Code(base: .notAStructure)
        /// A value is too large to encode (a length over 4 GiB).
        public static let valueTooLarge = Code(base: .valueTooLarge)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// Byte offset, from the start of the message, of the item header where it went wrong.
    public var offset: Int
    /// The tags of the enclosing structures, outermost first, then the item's own tag when
    /// its header could be read.
    public var tagPath: [Tag]
    /// Why, in words.
    public var reason: String

    public init(_ code: Code, offset: Int, tagPath: [Tag] = [], reason: String) {
        self.code = code
        self.offset = offset
        self.tagPath = tagPath
        self.reason = reason
    }

    /// The item's tag, if its header was read.
    public var tag: Tag? { tagPath.last }

    public static func == (lhs: TTLVError, rhs: TTLVError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        let path = tagPath.isEmpty ? "" : " in " + tagPath.map(\.description).joined(separator: "/")
        return "TTLV \(code) at byte \(offset)\(path): \(reason)"
    }
}
