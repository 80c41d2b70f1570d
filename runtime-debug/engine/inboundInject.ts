/**
 * A polled or consumed message injected into an inbound endpoint's sequence, as MI's inbound inject handlers do it
 * (FileInjectHandler, RabbitMQInjectHandler, MqttInjectHandler, KAFKAInjectHandler, GRPCInjectHandler,
 * GenericPollingConsumer, GenericEventBasedConsumer): `seq.setErrorHandler(onErrorSeq)` before
 * `SynapseEnvironment.injectInbound(msgCtx, seq, sequential)`. The inbound's onError takes the place of the
 * sequence's own onError (an inbound without one leaves the sequence without any), so the sequence's handler never
 * runs for an inbound message. (The HTTP inbound endpoint is not one of them: InboundHttpServerWorker pushes the
 * onError, else the fault sequence, as a fault handler under the sequence, whose own onError still runs first.)
 */
import type { MessageContext } from './context';
import type { Executor } from './executor';
import type { SequenceDef } from './model';

export function injectInbound(
  ex: Executor,
  ctx: MessageContext,
  seq: SequenceDef,
  onError: string | undefined,
): Promise<void> | void {
  const entry = seq.onError === undefined ? seq : { ...seq, onError: undefined };
  return ex.runFlow(ctx, entry, onError ? { key: onError } : undefined);
}
