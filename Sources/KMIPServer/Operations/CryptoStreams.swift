import KMIP
import KMIPCrypto
import KMIPSpec
import Synchronization

/// Multi-part Encrypt and Decrypt runs kept between requests, by Correlation Value. Each
/// belongs to the client that began it, its key and its direction; one request at a time takes
/// it out and gives it back. A client keeps at most `perClient` open; a run left untouched for
/// `idleLimit` is dropped when the next one opens.
public final class CryptoStreams: Sendable {
    private struct Run {
        let cipher: SymmetricCipherStream
        let owner: String
        let object: String
        let encrypting: Bool
        var lastUse: ContinuousClock.Instant
    }

    private let runs = Mutex<[[UInt8]: Run]>([:])
    let perClient: Int
    let idleLimit: Duration

    public init(perClient: Int = 64, idleLimit: Duration = .seconds(600)) {
        self.perClient = perClient
        self.idleLimit = idleLimit
    }

    /// Keeps a new run; returns its Correlation Value (16 random bytes).
    func open(_ cipher: SymmetricCipherStream, owner: String, object: String, encrypting: Bool) throws(OperationError) -> [UInt8] {
        let correlation: [UInt8]
        do {
            correlation = try Random.bytes(16)
        } catch {
            throw CryptoOperations.failure(error)
        }
        let now = ContinuousClock.now
        try runs.withLock { (runs) throws(OperationError) in
            runs = runs.filter { now - $0.value.lastUse < idleLimit }
            guard runs.values.count(where: { $0.owner == owner }) < perClient else {
                throw OperationError(.serverLimitExceeded, "\(perClient) multi-part operations are already open for this client; finish one first")
            }
            runs[correlation] = Run(cipher: cipher, owner: owner, object: object, encrypting: encrypting, lastUse: now)
        }
        return correlation
    }

    /// Takes out the run `correlation` names, if it is this client's run of this direction with
    /// this object; `keep` gives it back.
    func take(_ correlation: [UInt8], owner: String, object: String, encrypting: Bool) throws(OperationError) -> SymmetricCipherStream {
        let run = runs.withLock { runs -> Run? in
            guard let run = runs[correlation], run.owner == owner, run.object == object, run.encrypting == encrypting else { return nil }
            runs[correlation] = nil
            return run
        }
        guard let run else {
            throw OperationError(.invalidCorrelationValue,
                                 "no multi-part \(encrypting ? "Encrypt" : "Decrypt") with object \(object) is open under that Correlation Value (finished, timed out, or never begun)")
        }
        return run.cipher
    }

    /// Gives back a run `take` took out, for its next part.
    func keep(_ cipher: SymmetricCipherStream, as correlation: [UInt8], owner: String, object: String, encrypting: Bool) {
        runs.withLock { runs in
            runs[correlation] = Run(cipher: cipher, owner: owner, object: object, encrypting: encrypting, lastUse: ContinuousClock.now)
        }
    }
}
