import KMIP
import KMIPSpec
import TTLV

/// Login, Delegated Login and Logout (KMIP 2.1 sections 6.1.30, 6.1.12, 6.1.31): tickets that
/// authenticate later requests, kept in `OperationContext.tickets`.
enum TicketOperations {
    static let all: [Operation: OperationHandler] = [
        .login: login,
        .delegatedLogin: delegatedLogin,
        .logout: logout,
    ]

    /// A ticket acting as the client. Logging in with a delegated ticket gives a ticket with
    /// the same Rights, never more.
    static let login: OperationHandler = { request, context in
        let login = try StandardOperations.payload(request, as: LoginRequest.self)
        try refuseUsageLimits(login.usageLimits)
        let ticket = try context.tickets.issue(owner: context.client, lease: login.leaseTime, requestCount: login.requestCount, rights: context.rights, now: context.now)
        return LoginResponse(ticket: ticket)
    }

    /// A ticket allowed only what its Rights allow, on the client's objects.
    static let delegatedLogin: OperationHandler = { request, context in
        let delegated = try StandardOperations.payload(request, as: DelegatedLoginRequest.self)
        guard context.rights == nil else { throw OperationError(.permissionDenied, "a delegated ticket cannot delegate") }
        try refuseUsageLimits(delegated.usageLimits)
        for right in delegated.rights { try refuseUsageLimits(right.usageLimits) }
        let ticket = try context.tickets.issue(owner: context.client, lease: delegated.leaseTime, requestCount: delegated.requestCount, rights: delegated.rights, now: context.now)
        return DelegatedLoginResponse(ticket: ticket)
    }

    /// Ends one of the client's tickets.
    static let logout: OperationHandler = { request, context in
        let logout = try StandardOperations.payload(request, as: LogoutRequest.self)
        try context.tickets.end(logout.ticket, owner: context.client)
        return LogoutResponse()
    }

    /// Usage Limits on a ticket (how much its operations may process) are not kept: refused
    /// rather than ignored.
    private static func refuseUsageLimits(_ limits: TTLVItem?) throws(OperationError) {
        guard limits == nil else { throw OperationError(.featureNotSupported, "Usage Limits on a ticket are not supported; a Request Count and Lease Time are") }
    }
}
