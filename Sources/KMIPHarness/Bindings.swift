import Foundation
public import KMIPSpec
public import TTLV

/// What a run of one vector file has learned so far: the server's values for placeholders,
/// the server's values for recorded literals that may vary, the objects whose key material
/// the server generated, and the dates requests fixed.
public struct Bindings: Sendable {
    /// Placeholder text to the server's value: `$UNIQUE_IDENTIFIER_0` to `"7"`.
    public var placeholders: [String: TTLVValue] = [:]
    /// A recorded literal in a varying position to the server's value (a ciphertext made
    /// with a generated key, a literal Unique Identifier).
    public var literals: [TTLVValue: TTLVValue] = [:]
    /// Unique identifiers (the server's) of objects the server generated.
    public var generated: Set<String> = []
    /// The Cryptographic Parameters an object was created or registered with, by the
    /// server's identifier.
    public var parameters: [String: TTLVItem] = [:]
    /// Dates sent in requests, by attribute tag.
    public var sentDates: [Tag: Set<Int64>] = [:]
    /// Where `$NOW` is for this file's requests: fixed at its first use.
    public var nowBase: Int64?
    /// The latest value the server sent for each tag: what a placeholder stands for when a file
    /// sends one that no response bound (CS-AC-M-6 records its MAC Data as a literal, then
    /// sends `$MAC_DATA`).
    public var latest: [Tag: TTLVValue] = [:]

    public init() {}

    /// The value bound to `text`, if any.
    public subscript(placeholder text: String) -> TTLVValue? { placeholders[text] }

    /// Whether `value` is already bound to a Unique Identifier placeholder other than `text`.
    func isBoundToOtherIdentifier(_ value: TTLVValue, besides text: String) -> String? {
        placeholders.first { $0.key != text && Self.isIdentifierPlaceholder($0.key) && $0.value == value }?.key
    }

    /// Notes every value in `response` as the latest of its tag.
    mutating func noteLatest(_ response: TTLVItem) {
        if case .structure(let children) = response.value {
            for child in children { noteLatest(child) }
        } else {
            latest[response.tag] = response.value
        }
    }

    /// Whether placeholder `text` names `tag`: `$MAC_DATA` and `$MAC_DATA_1` name MAC Data.
    static func placeholder(_ text: String, names tag: Tag) -> Bool {
        var name = text.dropFirst()
        if let last = name.lastIndex(of: "_"), !name[name.index(after: last)...].isEmpty, name[name.index(after: last)...].allSatisfy(\.isNumber) {
            name = name[..<last]
        }
        return name.replacingOccurrences(of: "_", with: "").caseInsensitiveCompare(tag.description) == .orderedSame
    }

    static func isIdentifierPlaceholder(_ text: String) -> Bool {
        text.hasPrefix("$UNIQUE_IDENTIFIER") || text.hasPrefix("$SHORT_UNIQUE_IDENTIFIER")
    }
}
