/// A KMIP protocol version (`Protocol Version Major` . `Protocol Version Minor`).
///
/// Versions order by major, then minor. The spec table records, for every tag, enumeration
/// value and mask bit, the version that introduced it and the one that removed it.
public struct KMIPVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// `Protocol Version Major`.
    public var major: Int32
    /// `Protocol Version Minor`.
    public var minor: Int32

    /// Creates a version from its two numbers.
    public init(_ major: Int32, _ minor: Int32) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"1.4"` or `"2.1"`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int32(parts[0]), let minor = Int32(parts[1]),
              major >= 0, minor >= 0 else { return nil }
        self.init(major, minor)
    }

    public static func < (lhs: KMIPVersion, rhs: KMIPVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public var description: String { "\(major).\(minor)" }

    public static let v1_0 = KMIPVersion(1, 0)
    public static let v1_1 = KMIPVersion(1, 1)
    public static let v1_2 = KMIPVersion(1, 2)
    public static let v1_3 = KMIPVersion(1, 3)
    public static let v1_4 = KMIPVersion(1, 4)
    public static let v2_0 = KMIPVersion(2, 0)
    public static let v2_1 = KMIPVersion(2, 1)

    /// Every version the spec table covers, oldest first.
    public static let all: [KMIPVersion] = [.v1_0, .v1_1, .v1_2, .v1_3, .v1_4, .v2_0, .v2_1]

    /// The version's position in `all`; nil for a version the table does not cover.
    var indexInAll: Int? {
        switch (major, minor) {
        case (1, 0...4): Int(minor)
        case (2, 0...1): 5 + Int(minor)
        default: nil
        }
    }

    /// The newest version the spec table covers.
    public static let latest = KMIPVersion.v2_1
}

/// The versions in which a table row is defined: from `since` up to, not including, `until`.
public struct VersionRange: Hashable, Sendable, CustomStringConvertible {
    /// The version that introduced the row.
    public var since: KMIPVersion
    /// The first version that no longer has the row; `nil` while it is still defined.
    public var until: KMIPVersion?

    public init(since: KMIPVersion, until: KMIPVersion? = nil) {
        self.since = since
        self.until = until
    }

    /// Whether the row is defined in `version`.
    public func contains(_ version: KMIPVersion) -> Bool {
        version >= since && (until.map { version < $0 } ?? true)
    }

    public var description: String {
        until.map { "\(since)..<\($0)" } ?? "\(since)..."
    }
}
