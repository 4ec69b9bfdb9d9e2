import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import NIOCore
import NIOPosix
import Testing
import TTLV

/// The server's limits against clients that dawdle, flood or never read: each limit holds,
/// is logged, and a well-behaved client is served meanwhile.
@Suite struct HardeningTests: ServerTesting {
    typealias LogLines = ServerRobustnessTests.LogLines

    func raw(_ server: MockKMIPServer) async throws -> RawTLSConnection {
        try await RawTLSConnection(port: server.port, identity: Self.setup.alice, ca: Self.setup.ca, group: MultiThreadedEventLoopGroup.singleton)
    }

    /// A well-behaved client's Create and Get succeed.
    func expectServed(_ server: MockKMIPServer) async throws {
        let client = try client(server, as: Self.setup.bob)
        defer { Task { await client.shutdown() } }
        let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
        _ = try await client.get(key)
    }

    /// Waits at most `seconds` for `body` to finish.
    func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return try #require(first, "not done within \(seconds) s")
        }
    }

    static func request(_ payloads: [any RequestPayload]) throws -> [UInt8] {
        try RequestMessage(version: .v2_1, payloads).encoded()
    }

    @Test func silentConnectionsAreClosedAfterTheHandshakeTimeout() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.handshakeTimeout = .milliseconds(300) }, log: log.logger) { server in
            // A TCP connection that never starts TLS.
            let silent = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: server.port).get()
            try await expectServed(server)
            try await within(10) { try await silent.closeFuture.get() }
            #expect(try await log.waitFor("handshake timeout"))
        }
    }

    @Test func requestsThatTrickleAreCutOff() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.requestTimeout = .milliseconds(500) }, log: log.logger) { server in
            let request = try Self.request([DiscoverVersionsRequest()])
            // A request in two parts well within the limit is answered.
            let prompt = try await raw(server)
            try await prompt.send(Array(request[..<10]))
            try await Task.sleep(for: .milliseconds(100))
            try await prompt.send(Array(request[10...]))
            #expect(try await prompt.receiveResponse()?.batchItems.first?.resultStatus == .success)
            await prompt.close()
            // One that stalls is cut off, and others are served meanwhile.
            let slow = try await raw(server)
            try await slow.send(Array(request[..<10]))
            try await expectServed(server)
            #expect(try await within(10) { try await slow.receive() } == nil)
            #expect(try await log.waitFor("request timeout"))
        }
    }

    /// The time-out runs from each request's first byte, not from the connection's first
    /// request: requests that each arrive in time are served for as long as they come.
    @Test func theRequestTimeoutCountsFromEachRequest() async throws {
        try await withServer(configure: { $0.requestTimeout = .milliseconds(400) }) { server in
            let request = try Self.request([DiscoverVersionsRequest()])
            let connection = try await raw(server)
            // Four requests, each in two parts 150 ms apart: 600 ms in all.
            for _ in 0..<4 {
                try await connection.send(Array(request[..<10]))
                try await Task.sleep(for: .milliseconds(150))
                try await connection.send(Array(request[10...]))
                #expect(try await connection.receiveResponse()?.batchItems.first?.resultStatus == .success)
            }
            await connection.close()
        }
    }

    @Test func tooManyBatchItemsAreRefused() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.maxBatchItems = 2 }, log: log.logger) { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            let allowed = try await client.send(RequestMessage(version: .v2_1, [QueryRequest(queryFunctions: [.queryOperations]), LocateRequest()]))
            #expect(allowed.batchItems.map(\.resultStatus) == [.success, .success])
            let refused = try await client.send(RequestMessage(version: .v2_1, [LocateRequest(), LocateRequest(), LocateRequest()]))
            #expect(refused.batchItems.map(\.resultReason) == [.serverLimitExceeded])
            // KMIP 1.4 has no Server Limit Exceeded.
            let older = try await client.send(RequestMessage(version: .v1_4, [LocateRequest(), LocateRequest(), LocateRequest()]))
            #expect(older.batchItems.map(\.resultReason) == [.generalFailure])
            #expect(try await log.waitFor("3 batch items; the limit is 2"))
        }
    }

    @Test func aClientThatDoesNotReadIsPausedAndLosesNothing() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.maxPendingRequests = 2 }, log: log.logger) { server in
            let count = 40
            // Each answer is 1 MiB: a few fill the socket buffers of a client that reads nothing.
            let request = try Self.request([RNGRetrieveRequest(dataLength: 1 << 20)])
            let flooder = try await raw(server)
            // The handshake and one answer first, while the client still reads.
            try await flooder.send(Self.request([DiscoverVersionsRequest()]))
            _ = try await flooder.receiveResponse()
            try await flooder.stopReading()
            // One request at a time, so that each arrives in its own read.
            for _ in 0..<count {
                try await flooder.send(request)
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await log.waitFor("pending requests unanswered"))
            try await expectServed(server)
            // Served: what the socket buffers took, and the requests read before reading paused.
            try await Task.sleep(for: .seconds(1))
            let served = log.all.filter { $0.contains(Operation.rngRetrieve.description) }.count
            #expect(served < count / 2, "\(served) of \(count) requests were served to a client that reads nothing")
            try await flooder.startReading()
            for _ in 0..<count {
                let response = try #require(try await flooder.receiveResponse())
                #expect((response.batchItems.first?.payload as? RNGRetrieveResponse)?.data.count == 1 << 20)
            }
            await flooder.close()
        }
    }
}
