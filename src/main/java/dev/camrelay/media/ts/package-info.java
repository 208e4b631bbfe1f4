/**
 * MPEG transport stream framing: the demuxer that cuts a camera's packets into pictures, and how it
 * learns whether a length-framed sender's messages end on pictures.
 *
 * <h2>Cutting pictures (TsDemuxer)</h2>
 *
 * <p><b>Sync.</b> A packet is trusted once the byte 188 bytes after its 0x47 sync byte is 0x47 too.
 * When that check fails the packet is skipped, and so is every byte up to the next 0x47 that is
 * followed by another 188 bytes on; all of it counts as garbage. Once in sync this costs one
 * comparison per packet. Input may be split anywhere: a partial packet is kept until the rest
 * comes.
 *
 * <p><b>Frames.</b> A frame begins with a packet that begins a video PES packet
 * (payload_unit_start_indicator set, payload {@code 00 00 01} and stream_id 0xE0-0xEF) and holds
 * every packet up to the next such packet, unless its picture is known to end earlier (below).
 * Without that knowledge it is complete, and emitted, as soon as that packet has come, so it costs
 * one picture of latency. Packets before the first video PES packet are not emitted; the PAT and
 * the PMTs it lists are remembered from them and from all that follow.
 *
 * <p><b>Picture ends (PesEnds).</b> A picture is emitted with the packet that holds its last byte
 * when that is known: a PES packet that declares its length (PES_packet_length) ends when that many
 * bytes have come; one that does not (ffmpeg's video) ends with its stuffed packet once the stream
 * has shown, on that PID, three stuffed packets each followed by a packet that begins a video PES
 * packet. A muxer fills the last packet of a PES packet with adaptation-field stuffing (ffmpeg 5.1
 * does so for MPEG-1 and H.264, and only there); a stuffed packet followed by more data of its PES
 * packet untrusts the PID for good. A PES packet that fills its last packet exactly has no
 * stuffing: it ends when the next one begins, as without knowledge. The packets after an emitted
 * picture (tables, audio) lead the next picture's frame. If the packet that ends a picture is the
 * last whole packet of an input, it is taken before the sync byte after it has come; the next input
 * must then begin with one. Residual cases, counted but after the picture went out: a muxer that
 * stuffs a packet inside a PES packet after the three (the rest is dropped and the PID untrusted),
 * and a taken packet that the next input proves to be cut short by garbage (the first sync loss
 * ends taking packets early for that stream).
 *
 * <p><b>Length framing.</b> {@code TsDemuxer.endOfMessage} lets a length-framed sender save that
 * picture of latency if each of its messages ends where a picture ends, which is learnt from what
 * arrives (see {@link TsAlignment}); it matters where a picture's end is not known otherwise. Once
 * it is, a message end emits the picture; the packets that come before the next picture begins are
 * put in front of it. Until the sender shows counter-evidence, a message that ends on a packet
 * boundary confirms its last packet in place of the sync byte after it, which the next message must
 * then begin with: so the packet is judged, and its picture emitted, without waiting for that
 * message. Before the sender is aligned, and for good after counter-evidence, frames are cut as
 * without message ends (only a message that begins with garbage counts it differently: the packet
 * before it is whole, and not skipped with it).
 *
 * <p><b>Keyframes.</b> A frame is a keyframe when its first packet holds an MPEG-1/2 video sequence
 * header code ({@code 00 00 01 B3}) after the PES header; the code may end in the next packet of
 * that PID. Encoders put it right at the start of the picture's data, so a code that only begins in
 * a later packet (which would take a PES header filling the first packet) is not looked for: that
 * picture is not marked, and a joining viewer waits for the next sequence header. A keyframe is
 * emitted with copies of the latest PAT and PMT packets in front of it, so ffmpeg can demux a
 * stream that starts there as well as jsmpeg. H.264 and HEVC pictures are never keyframes: a start
 * code followed by B3 would be a NAL unit with its forbidden_zero_bit set.
 *
 * <p><b>Loss.</b> A frame longer than {@code maxFrameBytes} (copies included) is dropped whole, and
 * so is a frame that loses a packet to a sync loss; packets are then passed over until the next
 * video PES packet begins. Both count in {@code droppedFrames()}, as does the rest of a picture
 * that went out at a message end and proved to go on in the next message. After such a loss, or any
 * sync loss, the pictures up to the next keyframe may refer to what was lost: they are passed over
 * and counted in {@code skippedFrames()} (unless the stream never had a keyframe, as H.264 in TS
 * has none for this demuxer).
 *
 * <h2>Alignment of length-framed senders (TsAlignment)</h2>
 *
 * <p><b>Evidence.</b> A message that ends on a packet boundary while a picture is open is judged by
 * the first video packet after it, in whichever message that comes: one that begins a video PES
 * packet shows that the picture's data had all come (a PES packet's data is contiguous on its PID,
 * so nothing of it can follow the next one's start); one that carries data of a video PES packet
 * begun earlier shows that the message ended inside a picture. Packets of other PIDs in between
 * (PAT, PMT, SDT, audio) and video packets with no payload (a lone PCR) carry no picture data and
 * prove nothing, so they may lead the next message. The end counts only if its message began that
 * picture and no other: a sender that cuts its stream into chunks of some size may end one after a
 * one-packet picture by chance, and would later cut a larger one, but rarely holds one whole
 * picture per chunk several times running. A message that began no picture or several starts the
 * count again; after a few in a row the sender is aligned.
 *
 * <p><b>Counter-evidence</b>, which makes the sender unaligned for good: a message ending inside a
 * packet or out of sync, a sync loss anywhere (a sender that sends garbage is not trusted with
 * frame boundaries), a picture's data going on after a message end, and a message ending before a
 * video PES packet that declares its length (PES_packet_length, which ffmpeg leaves 0 for video)
 * has all its bytes. The last is seen at the message end itself, before anything goes out; with an
 * unbounded PES packet, a sender that was aligned and then cuts a picture at a packet boundary
 * shows it only in its next message, after the cut picture went out.
 */
package dev.camrelay.media.ts;
