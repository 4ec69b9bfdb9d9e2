extension MockVaultStore {
    /// `auth/<approle mount>/login` needs no token (a token sent along is ignored, as hvac
    /// sends its old one). Returns `nil` for any other path.
    mutating func loginIfLogin(_ call: MockVaultCall) throws(MockVaultFailure) -> MockVaultResponse? {
        guard call.path.hasPrefix("auth/"), call.path.hasSuffix("/login"), call.method == "POST" || call.method == "PUT" else { return nil }
        let mount = String(call.path.dropFirst(5).dropLast(6))
        guard let roles = namespaces[call.namespace]?.appRoles[mount] else { throw .noRoute(call.path) }
        guard let roleID = try call.body.string("role_id"), !roleID.isEmpty else { throw .badRequest("missing role_id") }
        guard var role = roles.values.first(where: { $0.roleID == roleID }) else { throw .badRequest("invalid role or secret ID") }
        if role.bindSecretID {
            guard let secretID = try call.body.string("secret_id"), let uses = role.secretIDs[secretID] else {
                throw .badRequest("invalid role or secret ID")
            }
            if let left = uses {
                role.secretIDs[secretID] = left <= 1 ? nil : .some(left - 1)
                namespaces[call.namespace]?.appRoles[mount]?[role.name] = role
            }
        }
        let policies = (role.tokenNoDefaultPolicy ? [] : ["default"]) + role.tokenPolicies.filter { $0 != "default" }
        let token = issueToken(
            namespace: call.namespace, policies: policies, kind: role.tokenType, ttl: role.tokenTTL > 0 ? role.tokenTTL : nil,
            period: role.tokenPeriod > 0 ? role.tokenPeriod : nil, maxTTL: role.tokenMaxTTL > 0 ? role.tokenMaxTTL : nil,
            displayName: mount, path: call.path, meta: ["role_name": role.name])
        return .json(auth: token.authBlock(now: now))
    }

    /// `auth/token/...`: lookup, renew, revoke, create, roles.
    mutating func tokenRoute(_ call: MockVaultCall) throws(MockVaultFailure) -> MockVaultResponse {
        guard var token = call.token else { throw .invalidToken }
        let rest = String(call.path.dropFirst("auth/token/".count))
        switch (call.method, rest) {
        case ("GET", "lookup-self"), ("POST", "lookup-self"):
            try authorize(call, ["read", "update"])
            return .json(data: token.lookupData(now: now))
        case ("POST", "lookup"), ("PUT", "lookup"):
            try authorize(call, ["update"])
            guard let id = try call.body.string("token"), let other = tokens[id], !other.isExpired(at: now) else {
                throw .badRequest("bad token")
            }
            return .json(data: other.lookupData(now: now))
        case ("POST", "renew-self"), ("PUT", "renew-self"):
            try authorize(call, ["update"])
            let warnings = try token.renew(increment: try call.body.duration("increment"), now: now)
            tokens[token.id] = token
            return .json(auth: token.authBlock(now: now), warnings: warnings)
        case ("POST", "revoke-self"), ("PUT", "revoke-self"):
            try authorize(call, ["update"])
            tokens[token.id] = nil
            return .noContent
        case ("POST", "create"), ("PUT", "create"), ("POST", "create-orphan"), ("PUT", "create-orphan"):
            try authorize(call, ["create", "update"])
            return try createToken(call, parent: token, role: nil)
        default:
            break
        }
        let segments = rest.split(separator: "/").map(String.init)
        if segments.count == 2, segments[0] == "create", call.method == "POST" || call.method == "PUT" {
            try authorize(call, ["create", "update"])
            guard let role = namespaces[call.namespace]?.tokenRoles[segments[1]] else { throw .badRequest("unknown role \(segments[1].prefix(60))") }
            return try createToken(call, parent: token, role: role)
        }
        if segments.count == 2, segments[0] == "roles" {
            return try tokenRoleRoute(call, name: segments[1])
        }
        throw .noRoute(call.path)
    }

    private mutating func createToken(_ call: MockVaultCall, parent: MockVaultToken, role: MockTokenRole?) throws(MockVaultFailure) -> MockVaultResponse {
        let body = call.body
        let requested = try body.strings("policies")
        var policies: [String]
        if let role {
            policies = requested.map { $0.filter { role.allowedPolicies.contains($0) } } ?? role.allowedPolicies
            if let requested, requested.contains(where: { !role.allowedPolicies.contains($0) && $0 != "default" }) {
                throw .badRequest("token policies (\(requested)) must be subset of the role's allowed policies")
            }
        } else {
            policies = requested ?? parent.policies
            if !parent.policies.contains("root"), policies.contains(where: { !parent.policies.contains($0) && $0 != "default" }) {
                throw .badRequest("child policies must be subset of parent")
            }
        }
        if try body.bool("no_default_policy") != true, !policies.contains("root"), !policies.contains("default") {
            policies.insert("default", at: 0)
        }
        let typeText = try body.string("type") ?? role?.tokenType.rawValue ?? "service"
        guard let kind = MockVaultToken.Kind(rawValue: typeText) else { throw .badRequest("unsupported token type \(typeText.prefix(20))") }
        let period = try body.duration("period") ?? role.map(\.period).flatMap { $0 > 0 ? $0 : nil }
        let token = issueToken(
            namespace: call.namespace, policies: policies.sorted(), kind: kind, ttl: try body.duration("ttl"), period: period,
            explicitMaxTTL: try body.duration("explicit_max_ttl") ?? role?.explicitMaxTTL ?? 0,
            renewable: (try body.bool("renewable") ?? true) && (role?.renewable ?? true),
            displayName: "token" + ((try body.string("display_name")).map { $0 == "token" ? "" : "-" + $0 } ?? ""),
            role: role?.name, path: call.path)
        return .json(auth: token.authBlock(now: now))
    }

    private mutating func tokenRoleRoute(_ call: MockVaultCall, name: String) throws(MockVaultFailure) -> MockVaultResponse {
        let existing = namespaces[call.namespace]?.tokenRoles[name]
        switch call.method {
        case "GET":
            try authorize(call, ["read"])
            guard let role = existing else { throw .notFound }
            return .json(data: [
                "name": role.name, "allowed_policies": role.allowedPolicies, "disallowed_policies": [String](), "orphan": role.orphan,
                "period": role.period, "token_period": role.period, "renewable": role.renewable,
                "explicit_max_ttl": role.explicitMaxTTL, "token_explicit_max_ttl": role.explicitMaxTTL,
                "token_type": role.tokenType == .batch ? "batch" : "default-service", "path_suffix": "", "token_no_default_policy": false,
            ])
        case "POST", "PUT":
            try authorize(call, Self.writeCapability(exists: existing != nil))
            var role = existing ?? MockTokenRole(name: name)
            let body = call.body
            if let policies = try body.strings("allowed_policies") { role.allowedPolicies = policies }
            if let period = try body.duration("token_period", legacy: "period") { role.period = period }
            if let renewable = try body.bool("renewable") { role.renewable = renewable }
            if let orphan = try body.bool("orphan") { role.orphan = orphan }
            if let maxTTL = try body.duration("token_explicit_max_ttl", legacy: "explicit_max_ttl") { role.explicitMaxTTL = maxTTL }
            if let type = try body.string("token_type") { role.tokenType = type.hasSuffix("batch") ? .batch : .service }
            namespaces[call.namespace]?.tokenRoles[name] = role
            return .noContent
        case "DELETE":
            try authorize(call, ["delete"])
            namespaces[call.namespace]?.tokenRoles[name] = nil
            return .noContent
        default: throw .methodNotAllowed
        }
    }

    /// `auth/<mount>/role/:role`, `.../role-id`, `.../secret-id`.
    mutating func appRoleRoute(_ call: MockVaultCall, mount: String, rest: String) throws(MockVaultFailure) -> MockVaultResponse {
        let segments = rest.split(separator: "/").map(String.init)
        guard segments.count >= 2, segments[0] == "role" else { throw .noRoute(call.path) }
        let name = segments[1]
        let existing = namespaces[call.namespace]?.appRoles[mount]?[name]
        switch (call.method, segments.count > 2 ? segments[2] : "") {
        case ("POST", ""), ("PUT", ""):
            try authorize(call, Self.writeCapability(exists: existing != nil))
            var role = existing ?? MockAppRole(name: name, roleID: MockVaultIDs.uuid())
            try Self.update(&role, from: call.body)
            namespaces[call.namespace]?.appRoles[mount]?[name] = role
            return .noContent
        case ("GET", ""):
            try authorize(call, ["read"])
            guard let role = existing else { throw .notFound }
            return .json(data: [
                "bind_secret_id": role.bindSecretID, "token_policies": role.tokenPolicies, "policies": role.tokenPolicies,
                "token_ttl": role.tokenTTL, "token_max_ttl": role.tokenMaxTTL, "token_period": role.tokenPeriod,
                "token_type": role.tokenType == .batch ? "batch" : "service", "secret_id_num_uses": role.secretIDNumUses,
            ])
        case ("DELETE", ""):
            try authorize(call, ["delete"])
            namespaces[call.namespace]?.appRoles[mount]?[name] = nil
            return .noContent
        case ("GET", "role-id"):
            try authorize(call, ["read"])
            guard let role = existing else { throw .notFound }
            return .json(data: ["role_id": role.roleID])
        case ("POST", "role-id"), ("PUT", "role-id"):
            try authorize(call, ["update"])
            guard var role = existing, let roleID = try call.body.string("role_id"), !roleID.isEmpty else { throw .badRequest("missing role_id") }
            role.roleID = roleID
            namespaces[call.namespace]?.appRoles[mount]?[name] = role
            return .noContent
        case ("POST", "secret-id"), ("PUT", "secret-id"):
            try authorize(call, ["update"])
            guard var role = existing else { throw .badRequest("role \"\(name.prefix(60))\" does not exist") }
            let secretID = MockVaultIDs.uuid()
            let uses = try call.body.int("num_uses") ?? role.secretIDNumUses
            role.secretIDs.updateValue(uses > 0 ? uses : nil, forKey: secretID)
            namespaces[call.namespace]?.appRoles[mount]?[name] = role
            return .json(data: ["secret_id": secretID, "secret_id_accessor": MockVaultIDs.uuid(), "secret_id_num_uses": uses, "secret_id_ttl": 0])
        default:
            throw .noRoute(call.path)
        }
    }

    static func update(_ role: inout MockAppRole, from body: MockVaultBody) throws(MockVaultFailure) {
        if let value = try body.bool("bind_secret_id") { role.bindSecretID = value }
        let policies = try body.strings("token_policies"), legacyPolicies = try body.strings("policies")
        if let value = policies ?? legacyPolicies { role.tokenPolicies = value }
        if let value = try body.duration("token_ttl") { role.tokenTTL = value }
        if let value = try body.duration("token_max_ttl") { role.tokenMaxTTL = value }
        if let value = try body.duration("token_period", legacy: "period") { role.tokenPeriod = value }
        if let value = try body.int("secret_id_num_uses") { role.secretIDNumUses = value }
        if let value = try body.bool("token_no_default_policy") { role.tokenNoDefaultPolicy = value }
        if let value = try body.string("token_type") {
            guard ["service", "batch", "default", "default-service", "default-batch"].contains(value) else {
                throw .badRequest("invalid 'token_type' value \"\(value.prefix(20))\"")
            }
            role.tokenType = value.hasSuffix("batch") ? .batch : .service
        }
    }
}
