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
    /// `kmip bench server`: operations per second and latency through the client.
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
                PyKMIP's, side by side. The load runs on the client's one event-loop thread, so \
                the figures are the server's and not the client's thread hand-offs; that thread \
                runs under SCHED_BATCH (as `kmip serve` does), so that on a core it shares with \
                the server it does not preempt it at each response:

                  swift run -c release kmip bench server
                  taskset -c 0 swift run -c release kmip bench server
                  swift run -c release kmip bench server --host 127.0.0.1 --port 5696 --tls12 \\
                    --cert client.pem --key client-key.pem --ca ca.pem
                """
        )

        @OptionGroup var connection: ConnectionOptions

        @Option(help: "Seconds per measurement.") var seconds: Double = 3
        @Option(help: "Concurrent connections to measure, comma-separated.") var connections = "1,16"
        @Option(help: "Operations to measure, comma-separated: create, get, encrypt.") var operations = "create,get,encrypt"

        func validate() throws {
            guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
            guard !counts.isEmpty, counts.allSatisfy({ (1...256).contains($0) }) else { throw ValidationError("--connections takes numbers from 1 to 256") }
            try Bench.validateOperations(operations, option: "--operations")
        }

        var counts: [Int] { connections.split(separator: ",").compactMap { Int($0) } }
        var chosen: Set<String> { Bench.operations(operations) }

        func run() async throws {
            var server: MockKMIPServer?
            var makeClient: (Int) throws -> KMIPClient
            // The client's one thread; the measuring tasks run on it too.
            let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            do {
                try await BatchScheduling.apply(to: clientGroup)
            } catch {
                print("note: \(error); the load generator keeps the normal policy")
            }
            let executor = EventLoopTaskExecutor(clientGroup.next())
            var target = ""
            if connection.host == nil && ProcessInfo.processInfo.environment["KMIP_HOST"] == nil {
                let ca = try PKI.makeCA(commonName: "bench CA")
                let serverIdentity = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
                let clientIdentity = try PKI.issue(commonName: "bench-client", usage: .client, signedBy: ca)
                var configuration = MockKMIPServer.Configuration(tls: .server(
                    certificateChain: .bytes(serverIdentity.certificatePEM), privateKey: .bytes(serverIdentity.privateKeyPEM), trustRoots: .certificates(ca.certificatePEM)))
                configuration.port = 0
                configuration.batchScheduling = true
                let running = try await MockKMIPServer.start(configuration: configuration)
                server = running
                target = "swift-kmip mock server (in process, mTLS 1.3)"
                makeClient = { connections in
                    var client = KMIPClientConfiguration(host: "127.0.0.1", port: running.port, tls: .client(
                        trustRoots: .certificates(ca.certificatePEM), certificateChain: .bytes(clientIdentity.certificatePEM), privateKey: .bytes(clientIdentity.privateKeyPEM)))
                    client.maximumConnections = connections
                    return try KMIPClient(configuration: client, eventLoopGroup: clientGroup)
                }
            } else {
                target = "\(connection.host ?? ProcessInfo.processInfo.environment["KMIP_HOST"] ?? "")"
                makeClient = { connections in
                    let client = try connection.makeClient()
                    var configuration = client.configuration
                    configuration.maximumConnections = connections
                    return try KMIPClient(configuration: configuration, eventLoopGroup: clientGroup)
                }
            }
            print("target: \(target)")
            print("operation   connections      ops/s    p50 ms    p99 ms")
            for count in counts {
                let client = try makeClient(count)
                _ = try await client.protocolVersion()
                let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt])
                try await client.activate(key)
                if chosen.contains("create") {
                    let create = try await measure(tasks: count, on: executor) { _ = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt]) }
                    print(row("Create", count, create))
                }
                if chosen.contains("get") {
                    let get = try await measure(tasks: count, on: executor) { _ = try await client.get(key) }
                    print(row("Get", count, get))
                }
                if chosen.contains("encrypt") {
                    let data = [UInt8](repeating: 0x5A, count: 1024)
                    let cbc = CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5, cryptographicAlgorithm: .aes, randomIV: true)
                    let encrypt = try await measure(tasks: count, on: executor) { _ = try await client.encrypt(key, data: data, parameters: cbc) }
                    print(row("Encrypt", count, encrypt))
                }
                await client.shutdown()
            }
            await server?.stop()
            try await clientGroup.shutdownGracefully()
        }

        struct Result {
            var rate: Double
            var p50: Double
            var p99: Double
        }

        /// Runs `operation` from `tasks` tasks on `executor` for `seconds`; rate and latency
        /// percentiles.
        func measure(tasks: Int, on executor: EventLoopTaskExecutor, _ operation: @escaping @Sendable () async throws -> Void) async throws -> Result {
            let clock = ContinuousClock()
            let deadline = clock.now + .milliseconds(Int64(seconds * 1000))
            let start = clock.now
            let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
                for _ in 0..<tasks {
                    group.addTask(executorPreference: executor) {
                        var samples: [Double] = []
                        while clock.now < deadline {
                            let begin = clock.now
                            try await operation()
                            samples.append((clock.now - begin).seconds * 1000)
                        }
                        return samples
                    }
                }
                var all: [Double] = []
                for try await samples in group { all += samples }
                return all.sorted()
            }
            let elapsed = (clock.now - start).seconds
            func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            return Result(rate: Double(latencies.count) / elapsed, p50: percentile(0.5), p99: percentile(0.99))
        }

        func row(_ name: String, _ connections: Int, _ result: Result) -> String {
            return name.padding(toLength: 12, withPad: " ", startingAt: 0) + Bench.pad(String(connections), 11)
                + Bench.pad(String(format: "%.0f", result.rate), 11) + Bench.pad(String(format: "%.2f", result.p50), 10) + Bench.pad(String(format: "%.2f", result.p99), 10)
        }
    }
}
