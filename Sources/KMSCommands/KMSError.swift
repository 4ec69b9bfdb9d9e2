/// A `kms` failure: one line saying what failed and why, printed as `Error: ...` with a
/// non-zero exit status. Never carries key material, tokens or secret IDs.
public struct KMSError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
