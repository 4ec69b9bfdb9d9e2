import ArgumentParser
import Foundation
import KMIP
import KMIPServer
import KMIPSpec

extension Bench {
    /// `kmip bench dispatch`: the mock server's own work per request, without network or TLS.
    struct Dispatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure the mock server's work per request (read, run, answer) without network or TLS.",
            discussion: """
                Feeds Create, Get and Encrypt (1 KiB, AES-256-CBC, PKCS5, server-made IV) request \
                messages straight to the server's dispatcher with an in-memory store, so the \
                figure is the server's own cost per request; `kmip bench server` adds TLS and \
                the loopback round trip:

                  swift run -c release kmip bench dispatch
                """
        )

        @Option(help: "Seconds per measurement.") var seconds: Double = 1
        @Option(help: "Requests to measure, comma-separated: create, get, encrypt.") var requests = "create,get,encrypt"

        func validate() throws {
            guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
            try Bench.validateOperations(requests, option: "--requests")
        }

        var chosen: Set<String> { Bench.operations(requests) }

        func run() async throws {
            let dispatcher = Dispatcher(store: MemoryObjectStore(), clock: { 1_700_000_000 }, handlers: StandardOperations.all)
            let attributes: Attributes = [
                try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes),
                try Attribute(.cryptographicLength, Int32(256)),
                try Attribute(.cryptographicUsageMask, CryptographicUsageMask([.encrypt, .decrypt])),
            ]
            let create = try RequestMessage(version: .v2_1, [CreateRequest(objectType: .symmetricKey, attributes: attributes)]).encoded()
            let created = try ResponseMessage(bytes: await dispatcher.handle(create, client: "bench").response)
            guard let key = (created.batchItems.first?.payload as? CreateResponse)?.uniqueIdentifier else {
                throw ValidationError("the dispatcher did not create a key: \(created.batchItems.first?.resultMessage ?? "no result")")
            }
            _ = try await dispatcher.handle(RequestMessage(version: .v2_1, [ActivateRequest(uniqueIdentifier: key)]).encoded(), client: "bench")
            let get = try RequestMessage(version: .v2_1, [GetRequest(uniqueIdentifier: key)]).encoded()
            let cbc = CryptographicParameters(blockCipherMode: .cbc, paddingMethod: .pkcs5, cryptographicAlgorithm: .aes, randomIV: true)
            let encrypt = try RequestMessage(version: .v2_1, [
                EncryptRequest(uniqueIdentifier: key, cryptographicParameters: cbc, data: [UInt8](repeating: 0x5A, count: 1024)),
            ]).encoded()
            print("request                  bytes   requests/s   µs/request")
            let cases = [("create", "Create (AES-256)", create), ("get", "Get (AES-256)", get), ("encrypt", "Encrypt (1 KiB CBC)", encrypt)]
            for (_, name, request) in cases.filter({ chosen.contains($0.0) }) {
                let check = try ResponseMessage(bytes: await dispatcher.handle(request, client: "bench").response)
                guard check.batchItems.allSatisfy({ $0.resultStatus == .success }) else {
                    throw ValidationError("\(name) failed: \(check.batchItems.first?.resultMessage ?? "no result")")
                }
                let rate = await Bench.rate(seconds: seconds) { _ = await dispatcher.handle(request, client: "bench") }
                print(name.padding(toLength: 22, withPad: " ", startingAt: 0) + Bench.pad(String(request.count), 7)
                      + Bench.pad(String(format: "%.0f", rate), 13) + Bench.pad(String(format: "%.1f", 1_000_000 / rate), 13))
            }
        }

    }
}
