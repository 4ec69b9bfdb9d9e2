/// Limits and placeholder handling for reading the XML and JSON encodings.
public struct TTLVTextOptions: Sendable {
    /// Largest document accepted, in bytes (default 64 MiB), checked before parsing.
    public var maxDocumentBytes: Int = 64 << 20
    /// Deepest element nesting accepted, the document root included (default 66: a
    /// `<KMIP>` root plus the 64 structure levels the binary decoder allows, plus one).
    public var maxDepth: Int = 66
    /// Most items accepted in one document (default 1,000,000).
    public var maxItems: Int = 1_000_000
    /// What to do with OASIS placeholders such as `$NOW` or `$KEY_MATERIAL_0` in values
    /// that are not Text Strings (default: reject them).
    public var placeholders: PlaceholderPolicy = .reject

    public init(
        maxDocumentBytes: Int = 64 << 20, maxDepth: Int = 66, maxItems: Int = 1_000_000,
        placeholders: PlaceholderPolicy = .reject
    ) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDepth = maxDepth
        self.maxItems = maxItems
        self.placeholders = placeholders
    }
}
