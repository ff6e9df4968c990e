package io.wipetrace.gateway.anchoring;

import io.wipetrace.proof.AnchorCall;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes16;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.Response;
import org.web3j.utils.Numeric;

/** {@link AnchorChain} over JSON-RPC with web3j, against the {@code WipeTraceAnchor} contract's ABI. */
final class Web3jAnchorChain implements AnchorChain {

    /** {@code Anchored(uint64 indexed sequence, bytes32 indexed anchorHash)}, see {@link AnchorCall#EVENT}. */
    static final Event ANCHORED = new Event("Anchored", List.of(
            new TypeReference<Uint64>(true) {}, new TypeReference<Bytes32>(true) {}));

    private final Web3j web3;
    private final Credentials credentials;
    private final String contract;
    private final long chainId;
    private final BigInteger gasLimit;

    Web3jAnchorChain(final Web3j web3, final Credentials credentials, final String contract, final long chainId,
            final long gasLimit) {
        this.web3 = web3;
        this.credentials = credentials;
        this.contract = contract;
        this.chainId = chainId;
        this.gasLimit = BigInteger.valueOf(gasLimit);
    }

    @Override
    public byte[] latestAnchorPrefix() throws IOException {
        final Function getter = new Function("latestAnchorPrefix", List.of(),
                List.of(new TypeReference<Bytes16>() {}));
        final EthCall result = checked(web3.ethCall(Transaction.createEthCallTransaction(credentials.getAddress(),
                contract, FunctionEncoder.encode(getter)), DefaultBlockParameterName.LATEST).send());
        final List<Type> values = FunctionReturnDecoder.decode(result.getValue(), getter.getOutputParameters());
        if (values.isEmpty()) {
            throw new IOException("the anchor contract at " + contract + " did not answer latestAnchorPrefix()");
        }
        return (byte[]) values.getFirst().getValue();
    }

    @Override
    public SignedTransaction sign(final AnchorWindow window) throws IOException {
        final String data = Numeric.toHexString(AnchorCall.encode(new AnchorCall.Window(window.merkleRoot(),
                window.firstBlock(), window.lastBlock(), window.eventCount(), window.lastBlockHash(),
                window.previousAnchor())));
        final BigInteger nonce = checked(web3.ethGetTransactionCount(credentials.getAddress(),
                DefaultBlockParameterName.PENDING).send()).getTransactionCount();
        final BigInteger gasPrice = checked(web3.ethGasPrice().send()).getGasPrice();
        final RawTransaction raw = RawTransaction.createTransaction(nonce, gasPrice, gasLimit, contract, data);
        final byte[] signed = TransactionEncoder.signMessage(raw, chainId, credentials);
        return new SignedTransaction(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed));
    }

    @Override
    public void broadcast(final SignedTransaction transaction) throws IOException {
        final EthSendTransaction sent = web3.ethSendRawTransaction(transaction.raw()).send();
        if (sent.hasError()) {
            final String message = String.valueOf(sent.getError().getMessage()).toLowerCase(java.util.Locale.ROOT);
            // Sent before (a crash or a lost answer): the node knows it, or has mined it and moved the nonce on.
            if (message.contains("already known") || message.contains("nonce too low")
                    || message.contains("already imported")) {
                return;
            }
            throw new IOException("the EVM node refused the anchoring transaction: " + sent.getError().getMessage());
        }
    }

    @Override
    public Optional<Receipt> receipt(final String transactionHash) throws IOException {
        final EthGetTransactionReceipt answer = checked(web3.ethGetTransactionReceipt(transactionHash).send());
        return answer.getTransactionReceipt().map(receipt -> new Receipt(receipt.getBlockNumber().longValueExact(),
                receipt.getBlockHash(), receipt.isStatusOK()));
    }

    @Override
    public long blockNumber() throws IOException {
        return checked(web3.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    @Override
    public Optional<String> blockHash(final long number) throws IOException {
        final EthBlock block = checked(web3.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send());
        return Optional.ofNullable(block.getBlock()).map(EthBlock.Block::getHash);
    }

    @Override
    public Optional<String> anchorTransaction(final long sequence) throws IOException {
        final EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
                contract);
        filter.addSingleTopic(EventEncoder.encode(ANCHORED));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(sequence), 64));
        final EthLog logs = checked(web3.ethGetLogs(filter).send());
        return logs.getLogs().stream()
                .map(result -> ((EthLog.LogObject) result).getTransactionHash())
                .findFirst();
    }

    @Override
    public Optional<Anchored> anchored(final String transactionHash) throws IOException {
        final Optional<org.web3j.protocol.core.methods.response.TransactionReceipt> receipt =
                checked(web3.ethGetTransactionReceipt(transactionHash).send()).getTransactionReceipt();
        if (receipt.isEmpty() || !receipt.get().isStatusOK()) {
            return Optional.empty();
        }
        final String topic = EventEncoder.encode(ANCHORED);
        final Optional<org.web3j.protocol.core.methods.response.Log> log = receipt.get().getLogs().stream()
                .filter(l -> l.getAddress().equalsIgnoreCase(contract) && l.getTopics().getFirst().equals(topic))
                .findFirst();
        if (log.isEmpty()) {
            return Optional.empty();
        }
        final Optional<AnchorCall.Window> call = checked(web3.ethGetTransactionByHash(transactionHash).send())
                .getTransaction()
                .flatMap(transaction -> AnchorCall.decode(Numeric.hexStringToByteArray(transaction.getInput())));
        return call.map(window -> new Anchored(Numeric.toBigInt(log.get().getTopics().get(1)).longValueExact(),
                window.merkleRoot(), Numeric.hexStringToByteArray(log.get().getTopics().get(2))));
    }

    @Override
    public long chainId() throws IOException {
        return checked(web3.ethChainId().send()).getChainId().longValueExact();
    }

    private static <T extends Response<?>> T checked(final T response) throws IOException {
        if (response.hasError()) {
            throw new IOException("EVM JSON-RPC error " + response.getError().getCode() + ": "
                    + response.getError().getMessage());
        }
        return response;
    }
}
