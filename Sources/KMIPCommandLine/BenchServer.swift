import ArgumentParser
import Foundation
import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTLS
import KMIPTransport
import NIOCore
import NIOPosix

extension Bench {
    /// `kmip bench server`: a server's operations per second and latency under a lean load.
    struct Server: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Measure a KMIP server's Create, Get and Encrypt rates and latencies at 1 and 16 connections.",
            discussion: """
                Create makes an AES-256 key, Get fetches one, Encrypt encrypts 1 KiB with \
                AES-256-CBC and PKCS5 padding under a server-made IV (as PyKMIP's own server \
                benchmark does). Without --host, starts the mock server in this process (mutual \
                TLS 1.3, EC P-256 certificates) and measures it; with --host and the usual \
                connection options (or KMIP_* variables), measures that server instead, e.g. \
                PyKMIP's, side by side (--port, --cert and the like without --host are \
                refused). The set-up (version, a key) goes through the client; the load then \
                sends each request, encoded once, again on each connection as soon as \
                its answer came and read as a success, from one event-loop thread with no task \
                per request, so that it takes little of a core it shares with the server; each \
                measurement follows --warm-up seconds of the same load, not counted. That \
                thread runs under SCHED_BATCH (as `kmip serve` does), so that on such a core it \
                does not preempt the server at each response. With --rate the load is an \
                open loop instead: that many requests per second in all, each connection \
                sending on a fixed schedule, and each latency counted from when its request \
                was due (a server that falls behind is charged the wait):

                  swift run -c release kmip bench server
                  taskset -c 0 swift run -c release kmip bench server
                  swift run -c release kmip bench server --connections 16 --rate 6000
                  swift run -c release kmip bench server --host 127.0.0.1 --port 5696 --tls12 \\
                    --cert client.pem --key client-key.pem --ca ca.pem
                """
        )

        @OptionGroup var connection: ConnectionOptions

        @Option(help: "Seconds per measurement.") var seconds: Double = 3
        @Option(help: "Seconds of the same load before each measurement, not counted (new connections, cold caches).") var warmUp: Double = 0.5
        @Option(help: "Concurrent connections to measure, comma-separated.") var connections = "1,16"
        @Option(help: "Operations to measure, comma-separated: create, get, encrypt.") var operations = "create,get,encrypt"
        @Option(help: "Requests per second to offer, all connections together, on a fixed schedule (default: each connection sends again as soon as it is answered).") var rate: Double?

        func validate() throws {
            guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
            guard warmUp >= 0, warmUp <= 600 else { throw ValidationError("--warm-up must be between 0 and 600") }
            guard !counts.isEmpty, counts.allSatisfy({ (1...256).contains($0) }) else { throw ValidationError("--connections takes numbers from 1 to 256") }
            try Bench.validateOperations(operations, option: "--operations")
            if let rate {
                guard rate.isFinite, rate > 0, rate <= 10_000_000 else { throw ValidationError("--rate must be a number of requests per second above 0 and at most 10000000") }
            }
        }

        var counts: [Int] { connections.split(separator: ",").compactMap { Int($0) } }
        var chosen: Set<String> { Bench.operations(operations) }

        func run() async throws {
            var server: MockKMIPServer?
            // The load's one thread.
            let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            do {
                try await BatchScheduling.apply(to: clientGroup)
            } catch {
                print("note: \(error); the load generator keeps the normal policy")
            }
            var configuration: KMIPClientConfiguration
            var target = ""
            if connection.host == nil && ProcessInfo.processInfo.environment["KMIP_HOST"] == nil {
                try connection.server.refuseTargetFlags("without --host (or KMIP_HOST) kmip bench server measures a mock server it starts itself")
                let ca = try PKI.makeCA(commonName: "bench CA")
                let serverIdentity = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
                let clientIdentity = try PKI.issue(commonName: "bench-client", usage: .client, signedBy: ca)
                var serverConfiguration = MockKMIPServer.Configuration(tls: .server(
                    certificateChain: .bytes(serverIdentity.certificatePEM), privateKey: .bytes(serverIdentity.privateKeyPEM), trustRoots: .certificates(ca.certificatePEM)))
                serverConfiguration.port = 0
                serverConfiguration.batchScheduling = true
                // --https-path: the in-process server serves KMIP over HTTPS too, and the load
                // POSTs to it.
                let httpsPath = try connection.server.commandLineHTTPSPath()
                if let httpsPath {
                    serverConfiguration.httpsPort = 0
                    serverConfiguration.httpsPath = httpsPath
                }
                let running = try await MockKMIPServer.start(configuration: serverConfiguration)
                server = running
                target = "swift-kmip mock server (in process, mTLS 1.3\(httpsPath.map { ", HTTPS POST \($0)" } ?? ""))"
                configuration = KMIPClientConfiguration(host: "127.0.0.1", port: running.httpsPort ?? running.port, tls: .client(
                    trustRoots: .certificates(ca.certificatePEM), certificateChain: .bytes(clientIdentity.certificatePEM), privateKey: .bytes(clientIdentity.privateKeyPEM)))
                configuration.httpsPath = httpsPath
            } else {
                configuration = try connection.server.clientConfiguration()
                target = configuration.host
            }
            // Set-up (the version, the key Get and Encrypt use) goes through the client.
            let client = try KMIPClient(configuration: configuration, eventLoopGroup: clientGroup)
            let version = try await client.protocolVersion()
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt])
            try await client.activate(key)
            await client.shutdown()
            configuration.version = version
            let load = try BenchLoad(configuration: configuration, group: clientGroup)
            var measured: [(name: String, request: [UInt8])] = []
            if chosen.contains("create") {
                let attributes: Attributes = [
                    try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes),
                    try Attribute(.cryptographicLength, Int32(256)),
                    try Attribute(.cryptographicUsageMask, [CryptographicUsageMask.encrypt, .decrypt] as CryptographicUsageMask),
                ]
                measured.append(("Create", try RequestMessage(version: version, [CreateRequest(objectType: .symmetricKey, attributes: attributes)]).encoded()))
            }
            if chosen.contains("get") {
                measured.append(("Get", try RequestMessage(version: version, [GetRequest(uniqueIdentifier: key)]).encoded()))
            }
            if chosen.contains("encrypt") {
                let cbc = CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5, cryptographicAlgorithm: .aes, randomIV: true)
                let encrypt = EncryptRequest(uniqueIdentifier: key, cryptographicParameters: cbc, data: [UInt8](repeating: 0x5A, count: 1024))
                measured.append(("Encrypt", try RequestMessage(version: version, [encrypt]).encoded()))
            }
            print("target: \(target), KMIP \(version)")
            if let rate {
                print("open loop: \(String(format: "%.0f", rate)) requests/s offered; latency from each request's due time")
            }
            print("operation   connections      ops/s    p50 ms    p99 ms")
            for count in counts {
                for (name, request) in measured {
                    let measured = try await load.run(request, name: name, connections: count, rate: rate, warmUp: warmUp, seconds: seconds)
                    let result = Result(measured.times.sorted(), seconds: measured.seconds)
                    print(row(name, count, result))
                    if let rate, result.rate < rate * 0.95 {
                        print("note: \(name) at \(count) connections was served \(String(format: "%.0f", result.rate))/s of \(String(format: "%.0f", rate))/s offered: the server (or this host) fell behind; latency counts from each request's due time")
                    }
                }
            }
            await server?.stop()
            try await clientGroup.shutdownGracefully()
        }

        /// A measurement's rate and latency percentiles.
        struct Result {
            var rate: Double
            var p50: Double
            var p99: Double

            /// From sorted round-trip times in nanoseconds, taken over `seconds`.
            init(_ sorted: [UInt64], seconds: Double) {
                func percentile(_ p: Double) -> Double {
                    sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6
                }
                rate = Double(sorted.count) / seconds
                p50 = percentile(0.5)
                p99 = percentile(0.99)
            }
        }

        func row(_ name: String, _ connections: Int, _ result: Result) -> String {
            return name.padding(toLength: 12, withPad: " ", startingAt: 0) + Bench.pad(String(connections), 11)
                + Bench.pad(String(format: "%.0f", result.rate), 11) + Bench.pad(String(format: "%.2f", result.p50), 10) + Bench.pad(String(format: "%.2f", result.p99), 10)
        }
    }
}
