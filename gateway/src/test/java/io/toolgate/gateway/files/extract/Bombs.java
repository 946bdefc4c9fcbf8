package io.toolgate.gateway.files.extract;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Crafted files that cost little on disk and much to read, generated (streamed) by the tests that use them. */
public final class Bombs {

	private Bombs() {
	}

	/** An XLSX of {@code rows} x {@code columns} numeric cells under a header row, written with SXSSF (streamed). */
	public static Path spreadsheet(Path file, int rows, int columns) throws Exception {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
			workbook.setCompressTempFiles(true);
			Sheet sheet = workbook.createSheet("Data");
			Row header = sheet.createRow(0);
			for (int c = 0; c < columns; c++) {
				header.createCell(c).setCellValue("col" + c);
			}
			for (int r = 1; r <= rows; r++) {
				Row row = sheet.createRow(r);
				for (int c = 0; c < columns; c++) {
					row.createCell(c).setCellValue(r * 10 + c);
				}
			}
			workbook.createSheet("Second");
			workbook.write(out);
			workbook.dispose();
		}
		return file;
	}

	/**
	 * A DOCX whose body has {@code paragraphs} paragraphs of varied words (so it compresses like real text, about
	 * 3:1, and passes any inflate-ratio guard), written part by part as a ZIP.
	 */
	public static Path document(Path file, int paragraphs) throws Exception {
		Random random = new Random(7);
		String[] words = { "alpha", "budget", "cell", "delta", "extract", "format", "gateway", "heap", "input",
				"jar", "kernel", "limit", "memory", "netty", "output", "page", "quota", "reader", "stream", "timeout" };
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			entry(zip, "[Content_Types].xml", """
					<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
					<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
					<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
					<Default Extension="xml" ContentType="application/xml"/>\
					<Override PartName="/word/document.xml" \
					ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
					</Types>""");
			entry(zip, "_rels/.rels", """
					<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
					<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
					<Relationship Id="rId1" \
					Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
					Target="word/document.xml"/></Relationships>""");
			zip.putNextEntry(new ZipEntry("word/document.xml"));
			Writer xml = new java.io.OutputStreamWriter(zip, StandardCharsets.UTF_8);
			xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
					+ "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
			xml.write("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>The bomb</w:t></w:r></w:p>");
			StringBuilder text = new StringBuilder();
			for (int p = 0; p < paragraphs; p++) {
				text.setLength(0);
				for (int w = 0; w < 12; w++) {
					text.append(words[random.nextInt(words.length)]).append(' ');
				}
				xml.write("<w:p><w:r><w:t>" + p + " " + text + "</w:t></w:r></w:p>");
			}
			xml.write("</w:body></w:document>");
			xml.flush();
			zip.closeEntry();
		}
		return file;
	}

	/**
	 * A real XLSX whose sheet XML is padded with {@code padding} bytes of whitespace: it deflates about 1000:1,
	 * the shape of a zip bomb.
	 */
	public static Path inflatingSpreadsheet(Path file, int padding) throws Exception {
		ByteArrayOutputStream plain = new ByteArrayOutputStream();
		try (XSSFWorkbook workbook = new XSSFWorkbook()) {
			workbook.createSheet("Bomb").createRow(0).createCell(0).setCellValue("tick");
			workbook.write(plain);
		}
		try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(plain.toByteArray()));
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
			for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
				byte[] bytes = in.readAllBytes();
				out.putNextEntry(new ZipEntry(entry.getName()));
				if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
					String xml = new String(bytes, StandardCharsets.UTF_8);
					int at = xml.indexOf("<sheetData>") + "<sheetData>".length();
					out.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
					byte[] spaces = new byte[1 << 20];
					java.util.Arrays.fill(spaces, (byte) ' ');
					for (int written = 0; written < padding; written += spaces.length) {
						out.write(spaces);
					}
					out.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
				}
				else {
					out.write(bytes);
				}
				out.closeEntry();
			}
		}
		return file;
	}

	/** A ZIP holding ZIPs holding ZIPs ({@code depth} levels, {@code width} each), the shape of 42.zip. */
	public static Path nestedArchive(Path file, int depth, int width) throws Exception {
		byte[] inner = "0".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
		String name = "data.txt";
		for (int level = 0; level < depth; level++) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
				for (int i = 0; i < width; i++) {
					zip.putNextEntry(new ZipEntry(i + "-" + name));
					zip.write(inner);
					zip.closeEntry();
				}
			}
			inner = bytes.toByteArray();
			name = "level" + level + ".zip";
		}
		Files.write(file, inner);
		return file;
	}

	/** A PDF of {@code pages} empty pages. */
	public static Path pages(Path file, int pages) throws Exception {
		try (PDDocument document = new PDDocument()) {
			for (int i = 0; i < pages; i++) {
				document.addPage(new PDPage());
			}
			document.save(file.toFile());
		}
		return file;
	}

	/** A PDF of {@code pages} pages, each saying its number. */
	public static Path numberedPages(Path file, int pages) throws Exception {
		try (PDDocument document = new PDDocument()) {
			var font = new org.apache.pdfbox.pdmodel.font.PDType1Font(
					org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA);
			for (int i = 1; i <= pages; i++) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(font, 11);
					content.newLineAtOffset(50, 720);
					content.showText("This is page number " + i + ".");
					content.endText();
				}
			}
			document.save(file.toFile());
		}
		return file;
	}

	private static void entry(ZipOutputStream zip, String name, String text) throws Exception {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(text.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}
}
