public import KMIPSpec
public import TTLV

/// A symbolic value of the OASIS test vectors (KMIP Profiles 2.1 section 4): `$NOW`,
/// `$NOW-3600`, `$UNIQUE_IDENTIFIER_0`, `$KEY_MATERIAL_1`, ...
public struct Placeholder: Hashable, Sendable {
    /// The whole text, `$NOW-3600`.
    public var text: String
    /// The tag of the item that holds it.
    public var tag: Tag
    /// The item type it stands in for.
    public var type: ItemType

    /// Whether `text` has the placeholder form: `$`, then upper-case letters, digits and
    /// underscores, optionally `+n` or `-n`.
    public static func isPlaceholder(_ text: some StringProtocol) -> Bool {
        guard text.first == "$", text.count > 1 else { return false }
        var body = text.dropFirst()
        if let sign = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            guard body[body.index(after: sign)...].allSatisfy(\.isASCII), Int(body[body.index(after: sign)...]) != nil else { return false }
            body = body[..<sign]
        }
        return !body.isEmpty && body.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }
    }

    /// For `$NOW`, `$NOW+n` and `$NOW-n`: the offset in seconds; `nil` for other names.
    public var nowOffset: Int64? { Self.nowOffset(text) }

    /// For the texts `$NOW`, `$NOW+n` and `$NOW-n`: the offset in seconds; `nil` for others.
    public static func nowOffset(_ text: String) -> Int64? {
        guard text.hasPrefix("$NOW") else { return nil }
        let rest = text.dropFirst(4)
        if rest.isEmpty { return 0 }
        guard rest.first == "+" || rest.first == "-" else { return nil }
        return Int64(rest)
    }
}

/// How the XML and JSON readers treat placeholders in values that are not Text Strings.
/// (In Text Strings a placeholder is ordinary text and is always kept as it is.)
public enum PlaceholderPolicy: Sendable {
    /// Reject them with a `placeholder` error.
    case reject
    /// Stand-ins for conversion: `$NOW±n` becomes `now±n` seconds, and any other
    /// placeholder in a Byte String becomes the UTF-8 bytes of its own text, so the binary
    /// form stays recognisable. Other types are rejected.
    case substitute(now: Int64)
    /// Ask the caller, which returns the value to use or throws.
    case resolve(@Sendable (Placeholder) throws(TTLVTextError) -> TTLVValue)

    /// The value this policy gives `placeholder`, or the error it throws.
    public func value(for placeholder: Placeholder) throws(TTLVTextError) -> TTLVValue {
        switch self {
        case .reject:
            throw TTLVTextError(.placeholder, reason: "placeholder \(placeholder.text) in a \(placeholder.type) value")
        case .substitute(let now):
            if let offset = placeholder.nowOffset {
                switch placeholder.type {
                case .dateTime: return .dateTime(now &+ offset)
                case .dateTimeExtended: return .dateTimeExtended((now &+ offset) &* 1_000_000)
                default: break
                }
            }
            if placeholder.type == .byteString { return .byteString(Array(placeholder.text.utf8)) }
            throw TTLVTextError(.placeholder, reason: "no stand-in for placeholder \(placeholder.text) in a \(placeholder.type) value")
        case .resolve(let resolve):
            return try resolve(placeholder)
        }
    }
}
