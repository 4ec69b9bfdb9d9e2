/// Splitting a secret into parts and joining them again (the KMIP Split Key methods XOR and
/// Polynomial Sharing GF(2^8)), with the randomness from OpenSSL.
///
/// Polynomial sharing is Shamir's scheme byte by byte over GF(2^8) with the reduction
/// polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field the KMIP 2.0 test case TC-SJ-3
/// joins its recorded parts in: each byte is the constant term of a random polynomial of
/// degree threshold - 1, and part x (1 to 255) holds its value at x. Any threshold parts give
/// the byte back by Lagrange interpolation at 0. XOR needs every part: all but the last are
/// random, the last is the secret XOR them.
public enum SecretSharing {
    public enum Method: Sendable {
        case xor
        case polynomialGF256
    }

    /// A part: its number (the polynomial's x, 1 to 255) and bytes.
    public struct Part: Sendable, Equatable {
        public var number: Int
        public var bytes: [UInt8]

        public init(number: Int, bytes: [UInt8]) {
            self.number = number
            self.bytes = bytes
        }
    }

    /// `secret` in `parts` parts, numbered 1 to `parts`, any `threshold` of which rebuild it.
    ///
    /// - Throws: `.invalidParameters` unless 1 < threshold <= parts <= 255 (XOR: threshold ==
    ///   parts), or for an empty secret.
    public static func split(_ secret: [UInt8], parts: Int, threshold: Int, method: Method) throws(CryptoError) -> [Part] {
        guard !secret.isEmpty else { throw .invalidParameters("there is no secret to split") }
        guard (2...255).contains(parts), (2...parts).contains(threshold) else {
            throw .invalidParameters("a split needs 2 to 255 parts and a threshold from 2 to the parts, not \(parts) and \(threshold)")
        }
        switch method {
        case .xor:
            guard threshold == parts else { throw .invalidParameters("an XOR split needs every part: the threshold must be \(parts), not \(threshold)") }
            var parts = try (1..<parts).map { (number) throws(CryptoError) in Part(number: number, bytes: try Random.bytes(secret.count)) }
            let last = parts.reduce(secret) { zip($0, $1.bytes).map { $0 ^ $1 } }
            parts.append(Part(number: parts.count + 1, bytes: last))
            return parts
        case .polynomialGF256:
            // The coefficients of x^1 ... x^(threshold - 1) for every byte.
            let coefficients = try Random.bytes(secret.count * (threshold - 1))
            return (1...parts).map { number in
                let x = UInt8(number)
                let bytes = secret.indices.map { index in
                    // Horner's rule from the highest coefficient down to the secret byte.
                    var value: UInt8 = 0
                    for power in stride(from: threshold - 1, through: 1, by: -1) {
                        value = GF256.multiply(value, x) ^ coefficients[index * (threshold - 1) + power - 1]
                    }
                    return GF256.multiply(value, x) ^ secret[index]
                }
                return Part(number: number, bytes: bytes)
            }
        }
    }

    /// The secret `parts` rebuild (all of them for XOR; any threshold of them, each number once,
    /// for polynomial sharing).
    ///
    /// - Throws: `.invalidParameters` for no parts, parts of different lengths, or repeated or
    ///   out-of-range numbers.
    public static func join(_ parts: [Part], method: Method) throws(CryptoError) -> [UInt8] {
        guard let length = parts.first?.bytes.count, length > 0 else { throw .invalidParameters("there are no parts to join") }
        guard parts.allSatisfy({ $0.bytes.count == length }) else { throw .invalidParameters("the parts differ in length") }
        guard Set(parts.map(\.number)).count == parts.count, parts.allSatisfy({ (1...255).contains($0.number) }) else {
            throw .invalidParameters("each part must have its own number from 1 to 255")
        }
        switch method {
        case .xor:
            return parts.dropFirst().reduce(parts[0].bytes) { zip($0, $1.bytes).map { $0 ^ $1 } }
        case .polynomialGF256:
            // Lagrange at 0: the sum of y_j * prod(x_m / (x_m - x_j)), subtraction being XOR.
            let weights = parts.map { part in
                parts.filter { $0.number != part.number }.reduce(UInt8(1)) { weight, other in
                    GF256.multiply(weight, GF256.divide(UInt8(other.number), UInt8(other.number) ^ UInt8(part.number)))
                }
            }
            return (0..<length).map { index in
                zip(parts, weights).reduce(UInt8(0)) { $0 ^ GF256.multiply($1.0.bytes[index], $1.1) }
            }
        }
    }
}

/// Arithmetic in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
enum GF256 {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var (a, b, product) = (a, b, UInt8(0))
        while b != 0 {
            if b & 1 != 0 { product ^= a }
            a = a & 0x80 != 0 ? (a << 1) ^ 0x1D : a << 1
            b >>= 1
        }
        return product
    }

    /// a / b for b != 0: a * b^254 (b^255 = 1).
    static func divide(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var (inverse, power, exponent) = (UInt8(1), b, 254)
        while exponent > 0 {
            if exponent & 1 != 0 { inverse = multiply(inverse, power) }
            power = multiply(power, power)
            exponent >>= 1
        }
        return multiply(a, inverse)
    }
}
