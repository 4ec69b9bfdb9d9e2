import Foundation
import KMIPCrypto

extension MockVaultStore {
    /// `<mount>/keys...`, `encrypt`, `decrypt`, `rewrap`, `datakey`, `export`.
    mutating func transitRoute(_ call: MockVaultCall, mount: String, rest: String) throws(MockVaultFailure) -> MockVaultResponse {
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (call.method, segments.count, segments.first ?? "") {
        case ("LIST", 1, "keys"):
            try authorize(call, ["list"])
            let names = (namespaces[call.namespace]?.transit[mount] ?? [:]).keys.sorted()
            guard !names.isEmpty else { throw .notFound }
            return .json(data: ["keys": names])
        case ("GET", 2, "keys"):
            try authorize(call, ["read"])
            guard let key = key(call, mount, segments[1]) else { throw .notFound }
            return .json(data: key.info)
        case ("POST", 2, "keys"), ("PUT", 2, "keys"):
            return try createKey(call, mount: mount, name: segments[1])
        case ("DELETE", 2, "keys"):
            try authorize(call, ["delete"])
            guard let key = key(call, mount, segments[1]) else { throw .badRequest("could not delete key; not found") }
            guard key.deletionAllowed else { throw .badRequest("deletion is not allowed for this key") }
            namespaces[call.namespace]?.transit[mount]?[segments[1]] = nil
            return .noContent
        case ("POST", 3, "keys"), ("PUT", 3, "keys"):
            try authorize(call, ["update"])
            guard var key = key(call, mount, segments[1]) else { throw .badRequest("key not found") }
            switch segments[2] {
            case "rotate": try key.rotate(now: now)
            case "config":
                try key.configure(
                    minDecryption: try call.body.int("min_decryption_version"), minEncryption: try call.body.int("min_encryption_version"),
                    deletionAllowed: try call.body.bool("deletion_allowed"), exportable: try call.body.bool("exportable"))
            default: throw .noRoute(call.path)
            }
            namespaces[call.namespace]?.transit[mount]?[segments[1]] = key
            return .json(data: key.info)
        case ("POST", 2, "encrypt"), ("PUT", 2, "encrypt"):
            return try encrypt(call, mount: mount, name: segments[1])
        case ("POST", 2, "decrypt"), ("PUT", 2, "decrypt"):
            try authorize(call, ["update"])
            guard let key = key(call, mount, segments[1]) else { throw .badRequest("encryption key not found") }
            return try perItem(call.body, single: "ciphertext", missing: "missing ciphertext to decrypt") { item throws(MockVaultFailure) in
                let (plaintext, _) = try key.decrypt(try item.string("ciphertext") ?? "", associatedData: try item.base64("associated_data"))
                return ["plaintext": Data(plaintext.bytes).base64EncodedString()]
            }
        case ("POST", 2, "rewrap"), ("PUT", 2, "rewrap"):
            try authorize(call, ["update"])
            guard let key = key(call, mount, segments[1]) else { throw .badRequest("encryption key not found") }
            return try perItem(call.body, single: "ciphertext", missing: "missing ciphertext to rewrap") { item throws(MockVaultFailure) in
                let associatedData = try item.base64("associated_data")
                let (plaintext, _) = try key.decrypt(try item.string("ciphertext") ?? "", associatedData: associatedData)
                let (ciphertext, version) = try key.encrypt(plaintext.bytes, version: try item.int("key_version") ?? 0, associatedData: associatedData)
                return ["ciphertext": ciphertext, "key_version": version]
            }
        case ("POST", 3, "datakey"), ("PUT", 3, "datakey"):
            try authorize(call, ["update"])
            guard ["plaintext", "wrapped"].contains(segments[1]) else { throw .badRequest("Invalid path, must be 'plaintext' or 'wrapped'") }
            guard let key = key(call, mount, segments[2]) else { throw .badRequest("encryption key not found") }
            let bits = try call.body.int("bits") ?? 256
            guard [128, 256, 512].contains(bits) else { throw .badRequest("invalid bits value") }
            let material: SecretBytes
            do { material = try Random.key(bits / 8) } catch { throw MockVaultFailure(status: 500, errors: ["\(error)"]) }
            let (ciphertext, version) = try key.encrypt(material.bytes, version: try call.body.int("key_version") ?? 0, associatedData: nil)
            var data: [String: Any] = ["ciphertext": ciphertext, "key_version": version]
            if segments[1] == "plaintext" { data["plaintext"] = Data(material.bytes).base64EncodedString() }
            return .json(data: data)
        case ("GET", 3, "export"), ("GET", 4, "export"):
            try authorize(call, ["read"])
            guard segments[1] == "encryption-key" else { throw .badRequest("invalid export type \(segments[1].prefix(30))") }
            guard let key = key(call, mount, segments[2]) else { throw .notFound }
            guard key.exportable else { throw .badRequest("key is not exportable") }
            var keys: [String: String] = [:]
            for (index, material) in key.versions.enumerated() where index + 1 >= key.minDecryptionVersion {
                keys[String(index + 1)] = Data(material.bytes).base64EncodedString()
            }
            if segments.count == 4, segments[3] != "latest" {
                guard let version = Int(segments[3]), let material = keys[String(version)] else { throw .badRequest("invalid key version") }
                keys = [String(version): material]
            } else if segments.count == 4 {
                keys = keys.filter { $0.key == String(key.latestVersion) }
            }
            return .json(data: ["name": key.name, "type": key.type, "keys": keys])
        default:
            throw .noRoute(call.path)
        }
    }

    private func key(_ call: MockVaultCall, _ mount: String, _ name: String) -> MockTransitKey? {
        namespaces[call.namespace]?.transit[mount]?[name]
    }

    private mutating func createKey(_ call: MockVaultCall, mount: String, name: String) throws(MockVaultFailure) -> MockVaultResponse {
        let existing = key(call, mount, name)
        try authorize(call, Self.writeCapability(exists: existing != nil))
        if let existing { return .json(data: existing.info, warnings: ["key \(name) already existed"]) }
        let derived = try call.body.bool("derived"), convergent = try call.body.bool("convergent_encryption")
        if derived == true || convergent == true {
            throw .badRequest("the mock does not implement derived or convergent keys")
        }
        let created = try MockTransitKey(name: name, type: try call.body.string("type") ?? "aes256-gcm96",
                                         exportable: try call.body.bool("exportable") ?? false, now: now)
        namespaces[call.namespace]?.transit[mount]?[name] = created
        return .json(data: created.info)
    }

    /// Encrypt, with Vault's upsert: a missing key is created when the token may `create`.
    private mutating func encrypt(_ call: MockVaultCall, mount: String, name: String) throws(MockVaultFailure) -> MockVaultResponse {
        var key = key(call, mount, name)
        if key == nil {
            guard let token = call.token else { throw .permissionDenied }
            if allowed(token, namespace: call.namespace, path: call.path, anyOf: ["create"]) {
                let type = try call.body.string("type") ?? "aes256-gcm96"
                key = try MockTransitKey(name: name, type: type, exportable: false, now: now)
                namespaces[call.namespace]?.transit[mount]?[name] = key
            } else if allowed(token, namespace: call.namespace, path: call.path, anyOf: ["update"]) {
                throw .badRequest("encryption key not found")
            } else {
                throw .permissionDenied
            }
        } else {
            try authorize(call, ["update"])
        }
        guard let key else { throw .badRequest("encryption key not found") }
        return try perItem(call.body, single: "plaintext", missing: "missing plaintext to encrypt") { item throws(MockVaultFailure) in
            guard let plaintext = try item.base64("plaintext") else { throw .badRequest("missing plaintext to encrypt") }
            let (ciphertext, version) = try key.encrypt(plaintext, version: try item.int("key_version") ?? 0, associatedData: try item.base64("associated_data"))
            return ["ciphertext": ciphertext, "key_version": version]
        }
    }

    /// Runs `work` on the single item or on each `batch_input` item. A batch answers 400 when
    /// any item failed (with every item's result, in order, `reference` echoed).
    private func perItem(
        _ body: MockVaultBody, single field: String, missing: String, _ work: (MockVaultBody) throws(MockVaultFailure) -> [String: Any]
    ) throws(MockVaultFailure) -> MockVaultResponse {
        guard let items = try body.batch() else {
            guard body.fields[field] != nil else { throw .badRequest(missing) }
            return .json(data: try work(body))
        }
        guard !items.isEmpty else { throw .badRequest("missing batch input to process") }
        var results: [[String: Any]] = []
        var failed = false
        for item in items {
            let reference = (try? item.string("reference")) ?? nil
            var result: [String: Any]
            do throws(MockVaultFailure) {
                guard item.fields[field] != nil else { throw MockVaultFailure.badRequest(missing) }
                result = try work(item)
            } catch {
                failed = true
                result = ["error": error.errors.joined(separator: ", ")]
            }
            result["reference"] = reference ?? ""
            results.append(result)
        }
        return .json(failed ? 400 : 200, data: ["batch_results": results])
    }
}
