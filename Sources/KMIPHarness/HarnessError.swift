/// Why a vector file or a harness setting could not be used.
public struct HarnessError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The file cannot be read.
        public static let unreadable = Code(name: "unreadable")
        /// The file is not well-formed XML or not a sequence of request/response pairs.
        public static let malformed = Code(name: "malformed")
        /// The overrides file has a bad line.
        public static let overrides = Code(name: "overrides")
        /// A path given to run is neither a vector file nor a folder.
        public static let notFound = Code(name: "notFound")
        public var description: String { name }
    }

    public var code: Code
    public var file: String?
    public var reason: String

    public init(_ code: Code, file: String? = nil, reason: String) {
        self.code = code
        self.file = file
        self.reason = reason
    }

    public var description: String {
        (file.map { "\($0): " } ?? "") + reason
    }
}
