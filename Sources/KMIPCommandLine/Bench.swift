import ArgumentParser
import Foundation
import KMIPSpec
import TTLV

/// `kmip bench`: throughput benchmarks, apart from the tests.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks.",
        subcommands: [Codec.self, TLS.self, Server.self, Dispatch.self]
    )

    /// The operations a comma-separated `list` names (create, get, encrypt).
    static func operations(_ list: String) -> Set<String> {
        Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }

    /// Refuses a `list` for `option` that names none of create, get and encrypt, or anything else.
    static func validateOperations(_ list: String, option: String) throws {
        let chosen = operations(list)
        let unknown = chosen.subtracting(["create", "get", "encrypt"])
        guard unknown.isEmpty, !chosen.isEmpty else { throw ValidationError("\(option) takes create, get and encrypt, not \(unknown.sorted().joined(separator: ", "))") }
    }

    /// `text` right-aligned in `width` columns, for the result tables.
    static func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }

    /// Runs `body` ten times to warm up, then in rounds of 16 for `seconds`; returns runs per
    /// second.
    static func rate(seconds: Double, _ body: () async throws -> Void) async rethrows -> Double {
        for _ in 0..<10 { try await body() }
        let clock = ContinuousClock()
        let start = clock.now
        let limit = Duration.milliseconds(Int64(seconds * 1000))
        var count = 0
        var elapsed = Duration.zero
        repeat {
            for _ in 0..<16 { try await body() }
            count += 16
            elapsed = clock.now - start
        } while elapsed < limit
        return Double(count) / elapsed.seconds
    }

    /// `kmip bench codec`: binary TTLV decode and encode throughput.
    struct Codec: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure binary TTLV decode and encode throughput.",
            discussion: """
                Without files, measures the three messages of the codec benchmark (a Create \
                request for an AES-256 key, a Get response carrying a 32-byte AES key, a \
                Locate response with 1,000 unique identifiers) and the decode of a 1 MiB Byte \
                String against memcpy. With files, measures each binary TTLV file given, \
                e.g. the PyKMIP encodings, so figures compare on the same bytes. Build with \
                -c release for meaningful numbers:

                  swift run -c release kmip bench codec
                  swift run -c release kmip bench codec ../shared/reference/pykmip-encodings/*.ttlv
                """
        )

        @Option(help: "Seconds to run each measurement.")
        var seconds: Double = 1

        @Argument(help: "Binary TTLV files to measure instead of the built-in messages.")
        var files: [String] = []

        func validate() throws {
            guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds must be between 0 and 600") }
        }

        func run() async throws {
            var cases: [(String, [UInt8])] = []
            if files.isEmpty {
                cases = try BenchMessages.all.map { ($0.0, try TTLVEncoder.encode($0.1)) }
            } else {
                for file in files {
                    let bytes = try readInput(file)
                    _ = try TTLVDecoder.decodeMessage(bytes)
                    cases.append(((file as NSString).lastPathComponent, bytes))
                }
            }
            print("message                          bytes   decode msg/s   decode MB/s   encode msg/s   encode MB/s")
            for (name, bytes) in cases {
                let item = try TTLVDecoder.decodeMessage(bytes)
                let decode = try await measure { _ = try TTLVDecoder.decodeMessage(bytes).tag }
                let encode = try await measure { _ = try TTLVEncoder.encode(item, capacity: bytes.count).count }
                print(row(name, bytes.count, decode, encode))
            }
            if files.isEmpty { try await byteStringVersusMemcpy() }
        }

        func measure(_ body: () throws -> Void) async throws -> Double {
            try await Bench.rate(seconds: seconds, body)
        }

        func row(_ name: String, _ size: Int, _ decode: Double, _ encode: Double) -> String {
            let mb = Double(size) / 1_000_000
            return name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + Bench.pad(String(size), 7)
                + Bench.pad(String(format: "%.0f", decode), 15) + Bench.pad(String(format: "%.1f", decode * mb), 14)
                + Bench.pad(String(format: "%.0f", encode), 15) + Bench.pad(String(format: "%.1f", encode * mb), 14)
        }

        /// Decoding a large Byte String is one copy; compare its speed with memcpy's.
        func byteStringVersusMemcpy() async throws {
            let payload = [UInt8](repeating: 0xA5, count: 1 << 20)
            let bytes = try TTLVEncoder.encode(TTLVItem(tag: .keyMaterial, .byteString(payload)))
            let decode = try await measure { _ = try TTLVDecoder.decode(bytes).tag }
            var target = [UInt8](repeating: 0, count: payload.count)
            let copy = try await measure {
                target.withUnsafeMutableBytes { destination in
                    payload.withUnsafeBytes { source in destination.copyMemory(from: source) }
                }
            }
            let decodeMBs = decode * Double(payload.count) / 1_000_000
            let copyMBs = copy * Double(payload.count) / 1_000_000
            print("")
            print("1 MiB Byte String: decode \(String(format: "%.0f", decodeMBs)) MB/s, memcpy \(String(format: "%.0f", copyMBs)) MB/s (decode at \(String(format: "%.0f", 100 * decodeMBs / copyMBs))% of memcpy)")
        }
    }
}

/// The three messages of the codec benchmark, shaped as PyKMIP encodes them at KMIP 1.4.
enum BenchMessages {
    static var all: [(String, TTLVItem)] {
        [("create request (AES-256)", createRequest), ("get response (32-byte key)", getResponse), ("locate response (1,000 ids)", locateResponse)]
    }

    static func header(_ tag: Tag, extra: [TTLVItem] = []) -> TTLVItem {
        TTLVItem(tag: tag, .structure([
            TTLVItem(tag: .protocolVersion, .structure([
                TTLVItem(tag: .protocolVersionMajor, .integer(1)),
                TTLVItem(tag: .protocolVersionMinor, .integer(4)),
            ])),
        ] + extra + [TTLVItem(tag: .batchCount, .integer(1))]))
    }

    static func attribute(_ name: String, _ value: TTLVValue) -> TTLVItem {
        TTLVItem(tag: .attribute, .structure([
            TTLVItem(tag: .attributeName, .textString(name)),
            TTLVItem(tag: .attributeValue, value),
        ]))
    }

    static var createRequest: TTLVItem {
        TTLVItem(tag: .requestMessage, .structure([
            header(.requestHeader),
            TTLVItem(tag: .batchItem, .structure([
                TTLVItem(tag: .operation, .enumeration(Operation.create.rawValue)),
                TTLVItem(tag: .requestPayload, .structure([
                    TTLVItem(tag: .objectType, .enumeration(ObjectType.symmetricKey.rawValue)),
                    TTLVItem(tag: .templateAttribute, .structure([
                        attribute("Cryptographic Algorithm", .enumeration(CryptographicAlgorithm.aes.rawValue)),
                        attribute("Cryptographic Length", .integer(256)),
                        attribute("Cryptographic Usage Mask", .integer(Int32((CryptographicUsageMask.encrypt.rawValue | CryptographicUsageMask.decrypt.rawValue)))),
                        attribute("Name", .structure([
                            TTLVItem(tag: .nameValue, .textString("bench-key-0001")),
                            TTLVItem(tag: .nameType, .enumeration(NameType.uninterpretedTextString.rawValue)),
                        ])),
                    ])),
                ])),
            ])),
        ]))
    }

    static func responseHeader() -> TTLVItem {
        header(.responseHeader, extra: [TTLVItem(tag: .timeStamp, .dateTime(1_700_000_000))])
    }

    static var getResponse: TTLVItem {
        TTLVItem(tag: .responseMessage, .structure([
            responseHeader(),
            TTLVItem(tag: .batchItem, .structure([
                TTLVItem(tag: .operation, .enumeration(Operation.get.rawValue)),
                TTLVItem(tag: .resultStatus, .enumeration(ResultStatus.success.rawValue)),
                TTLVItem(tag: .responsePayload, .structure([
                    TTLVItem(tag: .objectType, .enumeration(ObjectType.symmetricKey.rawValue)),
                    TTLVItem(tag: .uniqueIdentifier, .textString("12345678-90ab-cdef-0000-000000000000")),
                    TTLVItem(tag: .symmetricKey, .structure([
                        TTLVItem(tag: .keyBlock, .structure([
                            TTLVItem(tag: .keyFormatType, .enumeration(KeyFormatType.raw.rawValue)),
                            TTLVItem(tag: .keyValue, .structure([
                                TTLVItem(tag: .keyMaterial, .byteString(Array(0..<32))),
                            ])),
                            TTLVItem(tag: .cryptographicAlgorithm, .enumeration(CryptographicAlgorithm.aes.rawValue)),
                            TTLVItem(tag: .cryptographicLength, .integer(256)),
                        ])),
                    ])),
                ])),
            ])),
        ]))
    }

    static var locateResponse: TTLVItem {
        let identifiers = (0..<1000).map { index in
            let suffix = String(index)
            return TTLVItem(tag: .uniqueIdentifier, .textString("12345678-90ab-cdef-0000-" + String(repeating: "0", count: 12 - suffix.count) + suffix))
        }
        return TTLVItem(tag: .responseMessage, .structure([
            responseHeader(),
            TTLVItem(tag: .batchItem, .structure([
                TTLVItem(tag: .operation, .enumeration(Operation.locate.rawValue)),
                TTLVItem(tag: .resultStatus, .enumeration(ResultStatus.success.rawValue)),
                TTLVItem(tag: .responsePayload, .structure(identifiers)),
            ])),
        ]))
    }
}
