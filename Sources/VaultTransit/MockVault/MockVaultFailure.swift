/// An error answer of the mock: an HTTP status and Vault's `errors` strings.
struct MockVaultFailure: Error, Sendable, Hashable {
    var status: Int
    var errors: [String]

    static func badRequest(_ message: String) -> MockVaultFailure { MockVaultFailure(status: 400, errors: [message]) }
    static let permissionDenied = MockVaultFailure(status: 403, errors: ["permission denied"])
    /// Vault's answer for an unknown, expired or revoked token (1.17 and later).
    static let invalidToken = MockVaultFailure(status: 403, errors: ["permission denied", "invalid token"])
    static let notFound = MockVaultFailure(status: 404, errors: [])
    static func noRoute(_ path: String) -> MockVaultFailure {
        MockVaultFailure(status: 404, errors: ["no handler for route \"\(path.prefix(200))\". route entry not found."])
    }
    static let methodNotAllowed = MockVaultFailure(status: 405, errors: ["1 error occurred:\n\t* unsupported operation\n\n"])
    static let sealed = MockVaultFailure(status: 503, errors: ["Vault is sealed"])
}

/// Vault durations (JSON `null` already dropped): a number of seconds (`3600`, `"3600"`) or Go's duration text with an
/// optional `d` (`"768h"`, `"1h30m"`, `"10s"`, `"2d"`).
enum MockVaultDuration {
    static func seconds(_ value: Any?, field: String) throws(MockVaultFailure) -> Int? {
        switch value {
        case nil: return nil
        case let number as Int: return try checked(number, field: field)
        case let number as Double:
            guard let whole = Int(exactly: number) else { throw .badRequest("invalid duration for \(field)") }
            return try checked(whole, field: field)
        case let text as String: return try parse(text, field: field)
        default: throw .badRequest("invalid duration for \(field)")
        }
    }

    private static func checked(_ seconds: Int, field: String) throws(MockVaultFailure) -> Int {
        guard (0...(100 * 365 * 86_400)).contains(seconds) else { throw .badRequest("invalid duration for \(field)") }
        return seconds
    }

    static func parse(_ text: String, field: String) throws(MockVaultFailure) -> Int {
        if text.isEmpty { return 0 }
        if let whole = Int(text) { return try checked(whole, field: field) }
        var total = 0
        var number = 0
        var digits = 0
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                guard digits < 9 else { throw .badRequest("invalid duration for \(field)") }
                number = number * 10 + digit
                digits += 1
                continue
            }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: throw .badRequest("invalid duration for \(field): \(text.prefix(20))")
            }
            guard digits > 0 else { throw .badRequest("invalid duration for \(field): \(text.prefix(20))") }
            total += number * unit
            number = 0
            digits = 0
            guard total <= 100 * 365 * 86_400 else { throw .badRequest("invalid duration for \(field)") }
        }
        guard digits == 0 else { throw .badRequest("invalid duration for \(field): \(text.prefix(20)) (no unit)") }
        return total
    }

    /// `768h0m0s`, the way Go prints a duration.
    static func text(_ seconds: Int) -> String {
        "\(seconds / 3600)h\((seconds % 3600) / 60)m\(seconds % 60)s"
    }
}
