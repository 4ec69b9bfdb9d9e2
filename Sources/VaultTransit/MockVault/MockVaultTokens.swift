import Foundation
import KMIPCrypto

/// A token of the mock's token store.
struct MockVaultToken: Sendable {
    enum Kind: String, Sendable {
        case service, batch
    }

    var id: String
    var accessor: String
    /// The namespace it was issued in (`""` is the root).
    var namespace: String
    var policies: [String]
    var kind: Kind
    var displayName: String
    var creationTime: Int64
    /// The TTL it was created with, in seconds (0: no expiry, as for a root token).
    var creationTTL: Int
    var lastRenewal: Int64?
    /// When it expires (Unix seconds); `nil` never.
    var expireTime: Int64?
    var renewable: Bool
    /// Seconds; periodic tokens reset to this on every renewal.
    var period: Int?
    var explicitMaxTTL: Int
    /// The longest life from creation for non-periodic tokens (system or role max TTL).
    var maxTTL: Int
    var role: String?
    var path: String
    var meta: [String: String]

    func isExpired(at now: Int64) -> Bool { expireTime.map { now >= $0 } ?? false }

    /// `auth/token/lookup-self`'s `data`.
    func lookupData(now: Int64) -> [String: Any] {
        var data: [String: Any] = [
            "accessor": kind == .batch ? "" : accessor, "creation_time": creationTime, "creation_ttl": creationTTL,
            "display_name": displayName, "entity_id": "", "expire_time": expireTime.map(rfc3339) ?? NSNull(),
            "explicit_max_ttl": explicitMaxTTL, "id": id, "issue_time": rfc3339(creationTime), "meta": meta.isEmpty ? NSNull() : meta,
            "num_uses": 0, "orphan": true, "path": path, "policies": policies, "renewable": renewable,
            "ttl": expireTime.map { max(0, Int($0 - now)) } ?? 0, "type": kind.rawValue, "identity_policies": [String](),
        ]
        if let period { data["period"] = period }
        if let role { data["role"] = role }
        if let lastRenewal { data["last_renewal_time"] = lastRenewal }
        if !namespace.isEmpty { data["namespace_path"] = namespace + "/" }
        return data
    }

    /// The `auth` block of a login, creation or renewal.
    func authBlock(now: Int64) -> [String: Any] {
        [
            "client_token": id, "accessor": kind == .batch ? "" : accessor, "policies": policies, "token_policies": policies,
            "identity_policies": [String](), "metadata": meta.isEmpty ? NSNull() : meta,
            "lease_duration": expireTime.map { max(0, Int($0 - now)) } ?? 0, "renewable": renewable,
            "entity_id": "", "token_type": kind.rawValue, "orphan": true, "num_uses": 0,
        ]
    }

    /// Renews per Vault's rules: periodic tokens go back to their period (the increment is
    /// ignored); others get the increment (or their creation TTL), capped by the max TTL, with
    /// a warning when capped. Returns the warnings.
    mutating func renew(increment: Int?, now: Int64) throws(MockVaultFailure) -> [String] {
        guard kind == .service else { throw .badRequest("batch tokens cannot be renewed") }
        guard renewable else { throw .badRequest("lease is not renewable") }
        var warnings: [String] = []
        var ttl: Int
        var limit: Int64? = explicitMaxTTL > 0 ? creationTime + Int64(explicitMaxTTL) : nil
        if let period {
            ttl = period
        } else {
            ttl = (increment ?? 0) > 0 ? increment ?? 0 : creationTTL
            let maxLimit = creationTime + Int64(maxTTL)
            limit = min(limit ?? maxLimit, maxLimit)
        }
        if let limit, now + Int64(ttl) > limit {
            let capped = max(0, Int(limit - now))
            warnings.append("TTL of \"\(MockVaultDuration.text(ttl))\" exceeded the effective max_ttl of \"\(MockVaultDuration.text(capped))\"; TTL value is capped accordingly")
            ttl = capped
        }
        expireTime = now + Int64(ttl)
        lastRenewal = now
        return warnings
    }
}

/// An AppRole role of the mock.
struct MockAppRole: Sendable {
    var name: String
    var roleID: String
    var bindSecretID = true
    /// Secret ID to the number of uses left (`nil`: unlimited).
    var secretIDs: [String: Int?] = [:]
    var secretIDNumUses = 0
    var tokenPolicies: [String] = []
    var tokenTTL = 0
    var tokenMaxTTL = 0
    var tokenPeriod = 0
    var tokenType = MockVaultToken.Kind.service
    var tokenNoDefaultPolicy = false
}

/// A token role (`auth/token/roles/:name`).
struct MockTokenRole: Sendable {
    var name: String
    var allowedPolicies: [String] = []
    var period = 0
    var renewable = true
    var explicitMaxTTL = 0
    var tokenType = MockVaultToken.Kind.service
    var orphan = false
}

/// Identifiers the mock hands out: random, in Vault's shapes.
enum MockVaultIDs {
    static func token(kind: MockVaultToken.Kind) -> String {
        (kind == .batch ? "hvb." : "hvs.") + base62(24)
    }

    static func base62(_ count: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        let bytes = (try? Random.bytes(count * 2)) ?? (0..<count * 2).map { _ in UInt8.random(in: 0...255) }
        var text = ""
        for byte in bytes where Int(byte) < 248 && text.count < count { text.append(alphabet[Int(byte) % 62]) }
        while text.count < count { text.append(alphabet[Int.random(in: 0..<62)]) }
        return text
    }

    static func uuid() -> String { UUID().uuidString.lowercased() }
}

/// Unix seconds as RFC 3339 UTC (`2026-11-29T06:30:00Z`).
func rfc3339(_ seconds: Int64) -> String {
    ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
