import Foundation

/// One answer of the mock: a status and, unless 204, a JSON body.
struct MockVaultResponse: Sendable {
    var status: Int
    var body: [UInt8]?
    var retryAfter: Int?
    /// Hold the answer back this long (an injected slow response).
    var delayMilliseconds: Int?

    /// Vault's success envelope around `data` / `auth`.
    static func json(_ status: Int = 200, data: Any? = nil, auth: Any? = nil, warnings: [String] = []) -> MockVaultResponse {
        let envelope: [String: Any] = [
            "request_id": MockVaultIDs.uuid(), "lease_id": "", "renewable": false, "lease_duration": 0,
            "data": data ?? NSNull(), "wrap_info": NSNull(), "warnings": warnings.isEmpty ? NSNull() : warnings,
            "auth": auth ?? NSNull(), "mount_type": "",
        ]
        return MockVaultResponse(status: status, body: encode(envelope))
    }

    /// A bare JSON object (sys/health).
    static func raw(_ status: Int, _ object: [String: Any]) -> MockVaultResponse {
        MockVaultResponse(status: status, body: encode(object))
    }

    static let noContent = MockVaultResponse(status: 204, body: nil)

    static func failure(_ failure: MockVaultFailure) -> MockVaultResponse {
        MockVaultResponse(status: failure.status, body: encode(["errors": failure.errors]))
    }

    private static func encode(_ object: [String: Any]) -> [UInt8] {
        (try? [UInt8](JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))) ?? Array(#"{"errors":["internal error"]}"#.utf8)
    }
}

/// A request in flight: its namespace, namespace-relative path, and (once checked) token.
struct MockVaultCall {
    var method: String
    var namespace: String
    var path: String
    var body: MockVaultBody
    var query: [String: String]
    var token: MockVaultToken?
}

extension MockVaultStore {
    /// Answers one request: namespace, injected faults, seal, token, then the route.
    mutating func handle(_ request: MockVaultRequest) -> MockVaultResponse {
        do throws(MockVaultFailure) {
            let (namespace, path) = try resolve(header: request.namespaceHeader, path: request.path)
            requestLog.append("\(request.method) \(path)")
            if requestLog.count > Self.maxLogEntries { requestLog.removeFirst(requestLog.count / 2) }
            var delay: Int?
            if let index = faults.firstIndex(where: { $0.count > 0 && path.hasPrefix($0.pathPrefix) }) {
                faults[index].count -= 1
                let fault = faults[index]
                if let status = fault.status {
                    var response = MockVaultResponse.failure(MockVaultFailure(status: status, errors: [Self.faultMessage(status, path: path)]))
                    response.retryAfter = fault.retryAfter
                    return response
                }
                delay = fault.delayMilliseconds
            }
            var response = answer(request, namespace: namespace, path: path)
            response.delayMilliseconds = delay
            return response
        } catch {
            return .failure(error)
        }
    }

    private mutating func answer(_ request: MockVaultRequest, namespace: String, path: String) -> MockVaultResponse {
        do throws(MockVaultFailure) {
            var call = MockVaultCall(method: request.method, namespace: namespace, path: path, body: request.body, query: request.query)
            if path == "sys/health" { return health(call) }
            if sealed { throw MockVaultFailure.sealed }
            if let response = try loginIfLogin(call) { return response }
            call.token = try authenticate(request.token, namespace: namespace)
            return try route(call)
        } catch {
            return .failure(error)
        }
    }

    /// The request log keeps at most this many recent entries.
    static let maxLogEntries = 10_000

    private static func faultMessage(_ status: Int, path: String) -> String {
        switch status {
        case 429: "request path \"\(path)\": rate limit quota exceeded"
        case 412: "required index state not present"
        case 503: "Vault is sealed"
        case 502: "upstream error"
        default: "internal error"
        }
    }

    private mutating func route(_ call: MockVaultCall) throws(MockVaultFailure) -> MockVaultResponse {
        let path = call.path
        if path.hasPrefix("auth/token/") { return try tokenRoute(call) }
        if path.hasPrefix("sys/") { return try sysRoute(call) }
        let namespace = namespaces[call.namespace] ?? MockNamespace()
        for mount in namespace.appRoles.keys where path.hasPrefix("auth/\(mount)/") {
            return try appRoleRoute(call, mount: mount, rest: String(path.dropFirst(mount.count + 6)))
        }
        for mount in namespace.transit.keys where path.hasPrefix(mount + "/") || path == mount {
            return try transitRoute(call, mount: mount, rest: String(path.dropFirst(min(path.count, mount.count + 1))))
        }
        throw .noRoute(path)
    }

    /// Throws 403 unless the call's token holds one of `capabilities` on `path`.
    func authorize(_ call: MockVaultCall, _ capabilities: Set<String>, path: String? = nil) throws(MockVaultFailure) {
        guard let token = call.token, allowed(token, namespace: call.namespace, path: path ?? call.path, anyOf: capabilities) else {
            throw .permissionDenied
        }
    }

    /// The capability a write needs: `create` for something new, `update` otherwise.
    static func writeCapability(exists: Bool) -> Set<String> { exists ? ["update"] : ["create"] }

    // MARK: sys

    private func health(_ call: MockVaultCall) -> MockVaultResponse {
        let status = sealed ? Int(call.query["sealedcode"] ?? "") ?? 503 : Int(call.query["activecode"] ?? "") ?? 200
        return .raw(status, [
            "initialized": true, "sealed": sealed, "standby": false, "performance_standby": false,
            "replication_performance_mode": "disabled", "replication_dr_mode": "disabled",
            "server_time_utc": now, "version": "1.15.0+swift-kmip-mock", "cluster_name": "swift-kmip-mock",
            "cluster_id": "00000000-0000-4000-8000-000000000000",
        ])
    }

    private mutating func sysRoute(_ call: MockVaultCall) throws(MockVaultFailure) -> MockVaultResponse {
        let segments = call.path.split(separator: "/").map(String.init)
        if segments.count == 4, segments[1] == "policies", segments[2] == "acl" {
            return try policyRoute(call, name: segments[3])
        }
        if segments.count == 3, segments[1] == "policy" { return try policyRoute(call, name: segments[2]) }
        if segments.count >= 3, segments[1] == "namespaces", call.method == "POST" || call.method == "PUT" {
            try authorize(call, ["create", "update"])
            let child = segments[2...].joined(separator: "/")
            let full = call.namespace.isEmpty ? child : call.namespace + "/" + child
            if namespaces[full] == nil { namespaces[full] = MockNamespace() }
            return .json(data: ["path": full + "/", "id": MockVaultIDs.base62(5)])
        }
        throw .noRoute(call.path)
    }

    private mutating func policyRoute(_ call: MockVaultCall, name: String) throws(MockVaultFailure) -> MockVaultResponse {
        guard name != "root" else { throw .badRequest("cannot update \"root\" policy") }
        switch call.method {
        case "GET":
            try authorize(call, ["read"])
            guard namespaces[call.namespace]?.policies[name] != nil else { throw .notFound }
            return .json(data: ["name": name])
        case "POST", "PUT":
            try authorize(call, ["create", "update"])
            guard let text = try call.body.string("policy") else { throw .badRequest("'policy' parameter not supplied or empty") }
            namespaces[call.namespace]?.policies[name] = try MockVaultPolicy(hcl: text)
            return .noContent
        case "DELETE":
            try authorize(call, ["delete"])
            namespaces[call.namespace]?.policies[name] = nil
            return .noContent
        default: throw .methodNotAllowed
        }
    }
}
