@testable import KMIPCrypto
import Testing

/// Split Key's secret sharing: the field arithmetic, round trips with any threshold of parts,
/// and refusals. (The KMIP 2.0 test case TC-SJ-3, run by the harness tests, joins recorded
/// parts and checks the field against another implementation.)
@Suite struct SecretSharingTests {
    @Test func fieldArithmetic() {
        // x^8 = x^4 + x^3 + x^2 + 1: 2 * 0x80 = 0x1D, and 0x8E is the inverse of 2.
        #expect(GF256.multiply(0x02, 0x80) == 0x1D)
        #expect(GF256.multiply(0x02, 0x8E) == 0x01)
        for a in 1...255 {
            let a = UInt8(a)
            #expect(GF256.multiply(GF256.divide(1, a), a) == 1)
            #expect(GF256.divide(GF256.multiply(a, 0x53), 0x53) == a)
        }
    }

    @Test(arguments: [(2, 2), (4, 2), (5, 3), (8, 8)])
    func anyThresholdOfPartsGivesTheSecretBack(parts: Int, threshold: Int) throws {
        let secret = try Random.bytes(32)
        let split = try SecretSharing.split(secret, parts: parts, threshold: threshold, method: .polynomialGF256)
        #expect(split.map(\.number) == Array(1...parts))
        for start in 0...(parts - threshold) {
            #expect(try SecretSharing.join(Array(split[start..<(start + threshold)]), method: .polynomialGF256) == secret)
        }
        #expect(try SecretSharing.join(split.reversed(), method: .polynomialGF256) == secret)
        // One part short, the bytes are not the secret.
        #expect(try SecretSharing.join(Array(split.prefix(threshold - 1)), method: .polynomialGF256) != secret)
    }

    @Test func xorNeedsEveryPart() throws {
        let secret = try Random.bytes(16)
        let split = try SecretSharing.split(secret, parts: 3, threshold: 3, method: .xor)
        #expect(try SecretSharing.join(split, method: .xor) == secret)
        #expect(try SecretSharing.join(Array(split.prefix(2)), method: .xor) != secret)
        #expect(throws: CryptoError.self) { try SecretSharing.split(secret, parts: 3, threshold: 2, method: .xor) }
    }

    @Test func badSplitsAndPartsAreRefused() throws {
        #expect(throws: CryptoError.self) { try SecretSharing.split([], parts: 3, threshold: 2, method: .polynomialGF256) }
        #expect(throws: CryptoError.self) { try SecretSharing.split([1], parts: 1, threshold: 1, method: .polynomialGF256) }
        #expect(throws: CryptoError.self) { try SecretSharing.split([1], parts: 256, threshold: 2, method: .polynomialGF256) }
        #expect(throws: CryptoError.self) { try SecretSharing.split([1], parts: 3, threshold: 4, method: .polynomialGF256) }
        let split = try SecretSharing.split([1, 2, 3], parts: 3, threshold: 2, method: .polynomialGF256)
        #expect(throws: CryptoError.self) { try SecretSharing.join([split[0], split[0]], method: .polynomialGF256) }
        #expect(throws: CryptoError.self) { try SecretSharing.join([split[0], SecretSharing.Part(number: 2, bytes: [1])], method: .polynomialGF256) }
        #expect(throws: CryptoError.self) { try SecretSharing.join([], method: .xor) }
    }
}
