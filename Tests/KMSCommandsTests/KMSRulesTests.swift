@testable import KMSCommands
import Testing

/// The parsers behind WEKA's address and namespace rules (R2, R6).
struct KMSRulesTests {
    @Test func kmipAddressesAreHostAndPort() throws {
        #expect(try KMSRules.kmipEndpoint("amer.smartkey.io:5996") == ("amer.smartkey.io", 5996))
        #expect(try KMSRules.kmipEndpoint("kms.example.com") == ("kms.example.com", 5696))
        #expect(try KMSRules.kmipEndpoint("[::1]:7000") == ("::1", 7000))
        #expect(try KMSRules.kmipEndpoint("[::1]") == ("::1", 5696))
        for bad in ["https://kms:5696", "::1:5696", "kms:0", "kms:x", ":5696", "[::1", "kms/a:5696"] {
            #expect(throws: KMSError.self, "\(bad)") { try KMSRules.kmipEndpoint(bad) }
        }
    }

    @Test func namespacesFollowTheReservedNameRules() throws {
        try KMSRules.validateNamespace("team-a")
        try KMSRules.validateNamespace("org/team-a")
        for bad in ["", "team/", "my team", "root", "org/sys", "identity", "..", "a//b"] {
            #expect(throws: KMSError.self, "\(bad)") { try KMSRules.validateNamespace(bad) }
        }
    }
}
