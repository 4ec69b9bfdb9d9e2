/// A Vault ACL policy: `path "pattern" { capabilities = [...] }` stanzas, matched with Vault's
/// priority rules (an exact path beats any wildcard; otherwise the pattern whose first `+` or
/// `*` comes later wins).
struct MockVaultPolicy: Sendable, Hashable {
    /// One `path` stanza.
    struct Rule: Sendable, Hashable {
        var pattern: String
        var capabilities: Set<String>
    }

    var rules: [Rule]

    /// The largest policy text read.
    static let maxTextBytes = 64 << 10
    static let knownCapabilities: Set<String> = ["create", "read", "update", "patch", "delete", "list", "sudo", "deny"]

    /// The built-in `default` policy's token self-service paths.
    static let defaultPolicy = MockVaultPolicy(rules: [
        Rule(pattern: "auth/token/lookup-self", capabilities: ["read"]),
        Rule(pattern: "auth/token/renew-self", capabilities: ["update"]),
        Rule(pattern: "auth/token/revoke-self", capabilities: ["update"]),
        Rule(pattern: "sys/capabilities-self", capabilities: ["update"]),
    ])

    /// The capabilities the best-matching rule grants on `path` (none when no rule matches).
    func capabilities(on path: String) -> Set<String> {
        let matching = rules.filter { Self.matches(pattern: $0.pattern, path: path) }
        guard let best = matching.max(by: { Self.priority($0.pattern) < Self.priority($1.pattern) }) else { return [] }
        return best.capabilities.contains("deny") ? [] : best.capabilities
    }

    /// Vault's glob: `+` is exactly one segment, a trailing `*` any rest.
    static func matches(pattern: String, path: String) -> Bool {
        let glob = pattern.hasSuffix("*")
        let fixed = glob ? String(pattern.dropLast()) : pattern
        let patternSegments = fixed.split(separator: "/", omittingEmptySubsequences: false)
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: false)
        if !glob {
            guard patternSegments.count == pathSegments.count else { return false }
            return zip(patternSegments, pathSegments).allSatisfy { $0 == "+" || $0 == $1 }
        }
        guard pathSegments.count >= patternSegments.count else { return false }
        for (index, segment) in patternSegments.enumerated() {
            let actual = pathSegments[index]
            if index == patternSegments.count - 1 {
                if segment != "+" && !actual.hasPrefix(segment) { return false }
            } else if segment != "+" && segment != actual {
                return false
            }
        }
        return true
    }

    /// Orders patterns by Vault's rules; a larger value wins.
    private static func priority(_ pattern: String) -> (Int, Int, Int, Int, String) {
        let firstWildcard = pattern.firstIndex { $0 == "+" || $0 == "*" }.map { pattern.distance(from: pattern.startIndex, to: $0) } ?? pattern.count
        let noStar = pattern.hasSuffix("*") ? 0 : 1
        let plusCount = pattern.split(separator: "/").filter { $0 == "+" }.count
        return (firstWildcard, noStar, -plusCount, pattern.count, pattern)
    }
}

extension MockVaultPolicy {
    /// Reads the HCL subset Vault policies use: `path "<pattern>" { capabilities = ["..."] }`,
    /// with `#`, `//` and `/* */` comments; other attributes inside a stanza are ignored.
    init(hcl text: String) throws(MockVaultFailure) {
        guard text.utf8.count <= Self.maxTextBytes else { throw .badRequest("the policy is larger than \(Self.maxTextBytes) bytes") }
        var lexer = HCLLexer(Array(text.utf8))
        var rules: [Rule] = []
        while let token = try lexer.next() {
            guard token == .word("path") else { throw .badRequest("failed to parse policy: expected `path`, found \(token)") }
            guard case .string(let pattern)? = try lexer.next() else { throw .badRequest("failed to parse policy: `path` needs a quoted pattern") }
            guard try lexer.next() == .open("{") else { throw .badRequest("failed to parse policy: expected `{` after path \"\(pattern)\"") }
            var capabilities: Set<String> = []
            while true {
                guard let item = try lexer.next() else { throw .badRequest("failed to parse policy: unclosed stanza for \"\(pattern)\"") }
                if item == .close("}") { break }
                guard case .word(let name) = item, try lexer.next() == .equals else {
                    throw .badRequest("failed to parse policy: expected `name = value` in \"\(pattern)\"")
                }
                let values = try lexer.value()
                if name == "capabilities" {
                    for value in values {
                        guard Self.knownCapabilities.contains(value) else { throw .badRequest("invalid capability \"\(value)\" in path \"\(pattern)\"") }
                        capabilities.insert(value)
                    }
                }
            }
            rules.append(Rule(pattern: pattern, capabilities: capabilities))
        }
        self.rules = rules
    }
}

/// Tokens of the HCL subset.
private enum HCLToken: Equatable, CustomStringConvertible {
    case word(String), string(String), open(Character), close(Character), equals, comma

    var description: String {
        switch self {
        case .word(let text): "`\(text.prefix(30))`"
        case .string(let text): "\"\(text.prefix(30))\""
        case .open(let character), .close(let character): "`\(character)`"
        case .equals: "`=`"
        case .comma: "`,`"
        }
    }
}

private struct HCLLexer {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() throws(MockVaultFailure) -> HCLToken? {
        skipSpaceAndComments()
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "{"): return .open("{")
        case UInt8(ascii: "["): return .open("[")
        case UInt8(ascii: "}"): return .close("}")
        case UInt8(ascii: "]"): return .close("]")
        case UInt8(ascii: "="): return .equals
        case UInt8(ascii: ","): return .comma
        case UInt8(ascii: "\""):
            var text: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                text.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw .badRequest("failed to parse policy: unterminated string") }
            index += 1
            return .string(String(decoding: text, as: UTF8.self))
        default:
            guard Self.isWordByte(byte) else { throw .badRequest("failed to parse policy: unexpected character at byte \(index - 1)") }
            let start = index - 1
            while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
            return .word(String(decoding: bytes[start..<index], as: UTF8.self))
        }
    }

    /// A value after `=`: a string, a word or number, or a list of them.
    mutating func value() throws(MockVaultFailure) -> [String] {
        switch try next() {
        case .string(let text)?, .word(let text)?: return [text]
        case .open("[")?:
            var values: [String] = []
            while true {
                switch try next() {
                case .close("]")?: return values
                case .comma?: continue
                case .string(let text)?, .word(let text)?: values.append(text)
                default: throw .badRequest("failed to parse policy: bad list")
                }
            }
        default: throw .badRequest("failed to parse policy: expected a value")
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private mutating func skipSpaceAndComments() {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/")) {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index = min(index + 2, bytes.count)
            } else {
                return
            }
        }
    }
}
