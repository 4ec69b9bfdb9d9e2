import ArgumentParser
import Foundation
import KMIPTLS
import NIOCore
import NIOPosix

extension Bench {
    /// `kmip bench tls`: handshakes and round trips through the TLS handler on loopback.
    struct TLS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tls",
            abstract: "Measure full mTLS handshakes per second and 200-byte round trips per second on loopback.",
            discussion: """
                Runs a TLS echo server and a client in this process (one event loop each), with \
                certificates made on the fly (EC P-256). A handshake is a TCP connect, a full \
                mutual-TLS handshake (no resumption), one 200-byte round trip and a close; round \
                trips are 200-byte request/response exchanges on one connection. With \
                --yardstick, also runs `openssl s_server` and `openssl s_time` (handshakes, \
                OpenSSL on both sides) for comparison. Build with -c release:

                  swift run -c release kmip bench tls --yardstick
                """
        )

        @Option(help: "Seconds per measurement.")
        var seconds: Double = 3

        @Option(help: "TLS version: 1.3 or 1.2.")
        var tls: String = "1.3"

        @Flag(help: "Also measure openssl s_server with openssl s_time.")
        var yardstick = false

        func validate() throws {
            guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
            guard tls == "1.3" || tls == "1.2" else { throw ValidationError("--tls must be 1.3 or 1.2") }
        }

        func run() async throws {
            let version: TLSVersion = tls == "1.2" ? .v1_2 : .v1_3
            let ca = try PKI.makeCA(commonName: "bench CA")
            let serverIdentity = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
            let clientIdentity = try PKI.issue(commonName: "bench-client", usage: .client, signedBy: ca)
            var serverConfiguration = TLSConfiguration.server(
                certificateChain: .bytes(serverIdentity.certificatePEM), privateKey: .bytes(serverIdentity.privateKeyPEM), trustRoots: .certificates(ca.certificatePEM))
            var clientConfiguration = TLSConfiguration.client(
                trustRoots: .certificates(ca.certificatePEM), certificateChain: .bytes(clientIdentity.certificatePEM), privateKey: .bytes(clientIdentity.privateKeyPEM))
            for configuration in [\TLSConfiguration.minimumVersion, \.maximumVersion] {
                serverConfiguration[keyPath: configuration] = version
                clientConfiguration[keyPath: configuration] = version
            }
            let serverContext = try TLSContext(configuration: serverConfiguration)
            let clientContext = try TLSContext(configuration: clientConfiguration)
            let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let server = try await ServerBootstrap(group: serverGroup)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(TLSHandler(context: serverContext))
                        try channel.pipeline.syncOperations.addHandler(Echo())
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            let port = server.localAddress?.port ?? 0
            let request = ByteBuffer(repeating: 0x5A, count: 200)

            func connect() async throws -> (any Channel, Replies) {
                let replies = Replies()
                let channel = try await ClientBootstrap(group: clientGroup)
                    .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(TLSHandler(context: clientContext, serverName: "localhost"))
                            try channel.pipeline.syncOperations.addHandler(replies)
                        }
                    }
                    .connect(host: "127.0.0.1", port: port).get()
                return (channel, replies)
            }

            let limit = Duration.milliseconds(Int64(seconds * 1000))
            let clock = ContinuousClock()
            var handshakes = 0
            var start = clock.now
            while clock.now - start < limit {
                let (channel, replies) = try await connect()
                try await replies.exchange(request, on: channel)
                try await channel.close()
                handshakes += 1
            }
            let handshakeRate = Double(handshakes) / (clock.now - start).seconds
            let (channel, replies) = try await connect()
            try await replies.exchange(request, on: channel)
            start = clock.now
            let roundTrips = try await replies.pingPong(request, on: channel, until: limit)
            let roundTripRate = Double(roundTrips) / (clock.now - start).seconds
            try await channel.close()
            try await server.close()
            try await serverGroup.shutdownGracefully()
            try await clientGroup.shutdownGracefully()
            print("swift-kmip TLS \(tls) (EC P-256, mTLS): \(String(format: "%.0f", handshakeRate)) full handshakes/s, \(String(format: "%.0f", roundTripRate)) 200-byte round trips/s")
            if yardstick { try runYardstick(ca: ca, server: serverIdentity, client: clientIdentity) }
        }

        /// `openssl s_server` with `openssl s_time -new`: OpenSSL on both sides.
        func runYardstick(ca: Credentials, server: Credentials, client: Credentials) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-bench-\(getpid())")
            try PKIFiles(directory: directory.path).write(ca: ca, server: server, client: client)
            defer { try? FileManager.default.removeItem(at: directory) }
            let files = PKIFiles(directory: directory.path)
            let port = Int.random(in: 20_000...60_000)
            let versionFlag = tls == "1.2" ? "-tls1_2" : "-tls1_3"
            let sServer = Process()
            sServer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sServer.arguments = ["openssl", "s_server", "-quiet", "-accept", "127.0.0.1:\(port)", "-cert", files.serverCertificate, "-key", files.serverKey,
                                 "-CAfile", files.caCertificate, "-Verify", "1", "-verify_return_error", "-no_ticket", versionFlag, "-www"]
            sServer.standardOutput = FileHandle.nullDevice
            sServer.standardError = FileHandle.nullDevice
            try sServer.run()
            defer {
                // SIGKILL: a child started from an event-loop thread inherits its blocked signals.
                kill(sServer.processIdentifier, SIGKILL)
                sServer.waitUntilExit()
            }
            Thread.sleep(forTimeInterval: 0.5)
            let sTime = Process()
            sTime.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            sTime.arguments = ["openssl", "s_time", "-connect", "127.0.0.1:\(port)", "-new", "-time", String(Int(seconds.rounded(.up))),
                               "-cert", files.clientCertificate, "-key", files.clientKey, "-CAfile", files.caCertificate, versionFlag]
            let output = Pipe()
            sTime.standardOutput = output
            sTime.standardError = output
            try sTime.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            sTime.waitUntilExit()
            let summary = text.split(separator: "\n").filter { $0.contains("connections") }.joined(separator: "; ")
            print("yardstick openssl s_server + s_time -new \(versionFlag): \(summary.isEmpty ? text : summary)")
        }
    }
}

/// Echoes every read (the benchmark server).
private final class Echo: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    func channelRead(context: ChannelHandlerContext, data: NIOAny) { context.writeAndFlush(data, promise: nil) }
}

/// Collects replies for a request/response exchange (the benchmark client). State is only
/// touched on the channel's event loop.
private final class Replies: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private var expected = 0
    private var promise: EventLoopPromise<Void>?
    /// Ping-pong mode: send the next request from the event loop as each reply completes.
    private var loop: (request: ByteBuffer, deadline: NIODeadline, count: Int, done: EventLoopPromise<Int>)?

    /// Exchanges `request` back to back on the event loop until `duration` has passed;
    /// returns the number of completed round trips.
    func pingPong(_ request: ByteBuffer, on channel: any Channel, until duration: Duration) async throws -> Int {
        let done = channel.eventLoop.makePromise(of: Int.self)
        let nanoseconds = Int64(duration.seconds * 1e9)
        try await channel.eventLoop.submit {
            self.loop = (request, .now() + .nanoseconds(nanoseconds), 0, done)
            self.expected = request.readableBytes
            channel.writeAndFlush(request, promise: nil)
        }.get()
        return try await done.futureResult.get()
    }

    /// Sends `request` and waits until as many bytes have come back.
    func exchange(_ request: ByteBuffer, on channel: any Channel) async throws {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        try await channel.eventLoop.submit {
            self.expected = request.readableBytes
            self.promise = promise
            channel.writeAndFlush(request, promise: nil)
        }.get()
        try await promise.futureResult.get()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        expected -= unwrapInboundIn(data).readableBytes
        guard expected <= 0 else { return }
        if var loop {
            loop.count += 1
            if NIODeadline.now() < loop.deadline {
                self.loop = loop
                expected = loop.request.readableBytes
                context.writeAndFlush(NIOAny(loop.request), promise: nil)
            } else {
                self.loop = nil
                loop.done.succeed(loop.count)
            }
        } else if let promise {
            self.promise = nil
            promise.succeed()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        loop?.done.fail(error)
        loop = nil
        context.close(promise: nil)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
