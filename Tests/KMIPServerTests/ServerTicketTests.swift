import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import Testing
import TTLV

/// Login, Delegated Login and Logout, and requests that carry the ticket as their credential,
/// through the client over mutual TLS (the flows of TC-LOGIN-1 to -3 and TC-DLOGIN-1 and -2).
@Suite struct ServerTicketTests: ServerTesting {
    /// Sends one batch item, with `ticket` as the credential when given; the result.
    func send(_ client: KMIPClient, _ payload: any RequestPayload, ticket: Ticket? = nil) async throws -> ResponseBatchItem {
        var header = RequestHeader(protocolVersion: .v2_1, batchCount: 1)
        if let ticket { header.authentication = Authentication(credentials: [try .ticket(ticket)]) }
        let response = try await client.send(RequestMessage(header: header, batchItems: [RequestBatchItem(payload)]))
        return try #require(response.batchItems.first)
    }

    func ticket(_ item: ResponseBatchItem) throws -> Ticket {
        try #require((item.payload as? LoginResponse)?.ticket ?? (item.payload as? DelegatedLoginResponse)?.ticket, "\(item)")
    }

    static let query = QueryRequest(queryFunctions: [.queryServerInformation])

    @Test func aTicketCountsItsRequestsAndEndsAtLogout() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let counted = try ticket(try await send(client, LoginRequest(leaseTime: .interval(Interval(seconds: 0)), requestCount: 2)))
            #expect(try await send(client, Self.query, ticket: counted).resultStatus == .success)
            #expect(try await send(client, Self.query, ticket: counted).resultStatus == .success)
            let spent = try await send(client, Self.query, ticket: counted)
            #expect(spent.resultReason == .usageLimitExceeded)
            #expect(spent.operation == .query)

            let open = try ticket(try await send(client, LoginRequest()))
            #expect(try await send(client, LogoutRequest(ticket: open), ticket: open).resultStatus == .success)
            #expect(try await send(client, Self.query, ticket: open).resultReason == .invalidTicket)
            #expect(try await send(client, Self.query, ticket: Ticket(ticketValue: [1, 2, 3])).resultReason == .invalidTicket)
            #expect(try await send(client, LogoutRequest(ticket: open)).resultReason == .invalidTicket)
        }
    }

    @Test func aTicketActsAsItsOwnerOnly() async throws {
        try await withServer { server in
            let alice = try client(server, as: Self.setup.alice, version: .v2_1)
            let bob = try client(server, as: Self.setup.bob, version: .v2_1)
            defer { Task { await alice.shutdown(); await bob.shutdown() } }
            let key = try await alice.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let ticket = try ticket(try await send(alice, LoginRequest()))
            // Bob's connection with Alice's ticket acts as Alice; Bob cannot end her ticket.
            #expect(try await send(bob, GetAttributesRequest(uniqueIdentifier: key), ticket: ticket).resultStatus == .success)
            #expect(try await send(bob, GetAttributesRequest(uniqueIdentifier: key)).resultReason == .permissionDenied)
            #expect(try await send(bob, LogoutRequest(ticket: ticket)).resultReason == .invalidTicket)
        }
    }

    /// A client's configured credentials go in every request: a user's, then a ticket's.
    @Test func clientCredentialsNameTheUserOrTheTicket() async throws {
        try await withServer { server in
            func client(_ credentials: [Credential]) throws -> KMIPClient {
                var configuration = try self.client(server, as: Self.setup.alice, version: .v2_1).configuration
                configuration.credentials = credentials
                return try KMIPClient(configuration: configuration)
            }
            let fred = try client([.usernameAndPassword("fred", password: "any")])
            let barney = try client([.usernameAndPassword("barney", password: nil)])
            defer { Task { await fred.shutdown(); await barney.shutdown() } }
            let key = try await fred.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            _ = try await fred.getAttributes(key)
            await expectFailure(.permissionDenied) { _ = try await barney.getAttributes(key) }
            let ticket = try await fred.login(requestCount: 1)
            let holder = try client([try .ticket(ticket)])
            defer { Task { await holder.shutdown() } }
            _ = try await holder.getAttributes(key)
            await expectFailure(.usageLimitExceeded) { _ = try await holder.getAttributes(key) }
            try await fred.logout(ticket)
            await expectFailure(.invalidTicket) { _ = try await holder.getAttributes(key) }
        }
    }

    @Test func aDelegatedTicketAllowsOnlyItsRights() async throws {
        try await withServer { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            let allowed = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let other = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let grouped = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], attributes: [try Attribute(.objectGroup, "team")])
            let rights = [
                Right(operations: [.query]),
                Right(operations: [.getAttributes], objects: [allowed]),
                Right(operations: [.get], objectGroups: ["team"]),
            ]
            let delegated = try ticket(try await send(client, DelegatedLoginRequest(requestCount: 0, rights: rights)))
            #expect(try await send(client, Self.query, ticket: delegated).resultStatus == .success)
            #expect(try await send(client, GetAttributesRequest(uniqueIdentifier: allowed), ticket: delegated).resultStatus == .success)
            #expect(try await send(client, GetRequest(uniqueIdentifier: grouped), ticket: delegated).resultStatus == .success)
            let refused: [any RequestPayload] = [GetRequest(uniqueIdentifier: allowed), GetAttributesRequest(uniqueIdentifier: other), GetRequest(uniqueIdentifier: other),
                                                 DestroyRequest(uniqueIdentifier: allowed), LoginRequest()]
            for refused in refused {
                #expect(try await send(client, refused, ticket: delegated).resultReason == .notAuthorised, "\(refused)")
            }
            // A delegated ticket cannot hand on more, nor Usage Limits be set on one.
            #expect(try await send(client, DelegatedLoginRequest(rights: [Right()]), ticket: delegated).resultReason == .notAuthorised)
            let delegating = try ticket(try await send(client, DelegatedLoginRequest(rights: [Right(operations: [.delegatedLogin])])))
            #expect(try await send(client, DelegatedLoginRequest(rights: [Right()]), ticket: delegating).resultReason == .permissionDenied)
            let limits = TTLVItem(tag: .usageLimits, .structure([TTLVItem(tag: .usageLimitsTotal, .longInteger(10))]))
            #expect(try await send(client, LoginRequest(usageLimits: limits)).resultReason == .featureNotSupported)
        }
    }
}
