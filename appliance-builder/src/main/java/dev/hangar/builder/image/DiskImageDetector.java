package dev.hangar.builder.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.apache.tika.Tika;
import org.apache.tika.detect.CompositeDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;

/**
 * A Tika {@link Detector} adding the magic of the disk formats Tika's own registry lacks (qcow2,
 * QED, VMDK, VHDX, VHD footers, GPT, MBR); it only ever reads, so its verdict is a first pass that
 * the header parsers of {@link FormatInspector} must confirm.
 */
public final class DiskImageDetector implements Detector {
  private static final long serialVersionUID = 1L;

  public static final MediaType QCOW2 = MediaType.application("x-qemu-qcow2");
  public static final MediaType QED = MediaType.application("x-qemu-qed");
  public static final MediaType VMDK = MediaType.application("x-vmdk");
  public static final MediaType VHD = MediaType.application("x-vhd");
  public static final MediaType VHDX = MediaType.application("x-vhdx");
  public static final MediaType GPT = MediaType.application("x-gpt-disk-image");
  public static final MediaType MBR = MediaType.application("x-mbr-disk-image");

  private static final Map<String, ImageFormat> FORMATS =
      Map.of(
          QCOW2.toString(),
          ImageFormat.QCOW2,
          QED.toString(),
          ImageFormat.QED,
          VMDK.toString(),
          ImageFormat.VMDK,
          VHD.toString(),
          ImageFormat.VHD,
          VHDX.toString(),
          ImageFormat.VHDX,
          GPT.toString(),
          ImageFormat.GPT,
          MBR.toString(),
          ImageFormat.MBR,
          "application/x-iso9660-image",
          ImageFormat.ISO,
          "application/x-tar",
          ImageFormat.OVA,
          "application/x-gtar",
          ImageFormat.OVA);

  /** Returns a Tika facade that consults this detector before Tika's default magic registry. */
  public static Tika newTika() {
    return new Tika(
        new CompositeDetector(new DiskImageDetector(), MimeTypes.getDefaultMimeTypes()));
  }

  /** Returns the image format a Tika media type stands for, or null for any other type. */
  public static ImageFormat formatOf(String mediaType) {
    return FORMATS.get(MediaType.parse(mediaType).getBaseType().toString());
  }

  @Override
  public MediaType detect(InputStream input, Metadata metadata) throws IOException {
    if (input == null) {
      return MediaType.OCTET_STREAM;
    }
    input.mark(1024);
    byte[] head;
    try {
      head = input.readNBytes(1024);
    } finally {
      input.reset();
    }
    MediaType byHead = byHeader(head);
    if (byHead != null) {
      return byHead;
    }
    TikaInputStream tis = TikaInputStream.cast(input);
    if (tis != null && tis.hasFile() && hasVhdFooter(tis.getPath())) {
      return VHD;
    }
    return MediaType.OCTET_STREAM;
  }

  private static MediaType byHeader(byte[] head) {
    ByteBuffer be = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
    if (head.length >= 4 && be.getInt(0) == Qcow2Probe.MAGIC) {
      return QCOW2;
    }
    if (head.length >= 4 && be.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == QedProbe.MAGIC) {
      return QED;
    }
    if (startsWith(head, 0, "KDMV") || startsWith(head, 0, "# Disk DescriptorFile")) {
      return VMDK;
    }
    if (startsWith(head, 0, "vhdxfile")) {
      return VHDX;
    }
    if (startsWith(head, 0, "conectix")) {
      return VHD;
    }
    if (startsWith(head, 512, "EFI PART")) {
      return GPT;
    }
    boolean bootSignature = head.length >= 512 && head[510] == 0x55 && head[511] == (byte) 0xaa;
    if (bootSignature && !startsWith(head, 54, "FAT1") && !startsWith(head, 82, "FAT32")) {
      return MBR;
    }
    return null;
  }

  private static boolean hasVhdFooter(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() < 512) {
        return false;
      }
      ByteBuffer b = ByteBuffer.allocate(8);
      ch.read(b, ch.size() - 512);
      return Arrays.equals(b.array(), "conectix".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static boolean startsWith(byte[] b, int off, String s) {
    byte[] m = s.getBytes(StandardCharsets.US_ASCII);
    return b.length >= off + m.length && Arrays.equals(b, off, off + m.length, m, 0, m.length);
  }
}
