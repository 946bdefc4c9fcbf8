package io.toolgate.gateway.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.toolgate.gateway.HttpTestClient;
import io.toolgate.gateway.TestUpstreams;
import io.toolgate.gateway.openai.OpenAiSchemaValidator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File parts of chat messages become text the model reads: one test per format, with real files made here
 * (PDFBox, Apache POI), plus inline data, the budget, unreadable files and refusals. The fake upstream's
 * {@code echo} directive answers with the request it received, so the tests read exactly what the model got.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttachmentsTest {

	static final int BUDGET = 4000;

	static final AtomicInteger USERS = new AtomicInteger();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestUpstreams.register(registry);
		registry.add("toolgate.files.attachments.max-chars", () -> String.valueOf(BUDGET));
		registry.add("toolgate.files.attachments.sample-rows", () -> "3");
		registry.add("toolgate.files.max-size", () -> "64KB");
	}

	@LocalServerPort
	int port;

	final OpenAiSchemaValidator schema = OpenAiSchemaValidator.shared();

	final JsonMapper json = JsonMapper.builder().build();

	HttpTestClient alice;

	FilesClient aliceFiles;

	FilesClient bobFiles;

	@BeforeEach
	void setUp() {
		HttpTestClient admin = new HttpTestClient(port);
		int n = USERS.incrementAndGet();
		String aliceKey = FilesClient.newUserKey(admin, "att-alice" + n);
		alice = admin.as(aliceKey);
		aliceFiles = new FilesClient(port, aliceKey);
		bobFiles = new FilesClient(port, FilesClient.newUserKey(admin, "att-bob" + n));
	}

	private String upload(String filename, byte[] content) {
		return aliceFiles.uploaded(filename, "application/octet-stream", content, "user_data").path("id").asString();
	}

	private static String filePart(String fileId) {
		return "{\"type\":\"file\",\"file\":{\"file_id\":\"" + fileId + "\"}}";
	}

	private static String request(String model, String... parts) {
		return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"echo\"},"
				+ String.join(",", parts) + "]}]}";
	}

	/** The text of the last message the (Ollama-protocol) model received. */
	private String modelSaw(String... parts) {
		var response = alice.post("/v1/chat/completions", request(TestUpstreams.OLLAMA_MODEL, parts));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		schema.assertValid("CreateChatCompletionResponse", response.body());
		JsonNode sent = json.readTree(response.json().at("/choices/0/message/content").asString());
		JsonNode messages = sent.path("messages");
		return messages.get(messages.size() - 1).path("content").asString();
	}

	static byte[] pdf(String title, String... pages) throws Exception {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (String text : pages) {
				PDPage page = new PDPage();
				document.addPage(page);
				try (PDPageContentStream content = new PDPageContentStream(document, page)) {
					content.beginText();
					content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
					content.newLineAtOffset(50, 720);
					content.showText(text);
					content.endText();
				}
			}
			document.getDocumentInformation().setTitle(title);
			document.getDocumentInformation().setAuthor("Ada Lovelace");
			document.save(out);
			return out.toByteArray();
		}
	}

	@Test
	void pdfPagesAndMetadata() throws Exception {
		String id = upload("report.pdf", pdf("Quarterly report", "Revenue grew by nine percent.",
				"The launch code is 4711."));
		String seen = modelSaw(filePart(id));
		assertThat(seen).startsWith("echo\n[Attached file \"report.pdf\" (application/pdf, ")
			.contains(id)
			.contains("PDF document, 2 pages, title \"Quarterly report\", author \"Ada Lovelace\".")
			.contains("--- page 1 ---\nRevenue grew by nine percent.")
			.contains("--- page 2 ---\nThe launch code is 4711.")
			.contains("[End of attached file \"report.pdf\"]")
			.doesNotContain("Cut to fit");
	}

	@Test
	void docxParagraphsHeadingsAndTables() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (XWPFDocument document = new XWPFDocument()) {
			document.getProperties().getCoreProperties().setTitle("Meeting notes");
			document.getProperties().getCoreProperties().setCreator("Grace Hopper");
			XWPFParagraph heading = document.createParagraph();
			heading.setStyle("Heading1");
			heading.createRun().setText("Decisions");
			document.createParagraph().createRun().setText("We ship on Friday.");
			XWPFTable table = document.createTable(2, 2);
			table.getRow(0).getCell(0).setText("Owner");
			table.getRow(0).getCell(1).setText("Task");
			table.getRow(1).getCell(0).setText("Grace");
			table.getRow(1).getCell(1).setText("Release notes");
			document.write(out);
		}
		String id = upload("notes.docx", out.toByteArray());
		String seen = modelSaw(filePart(id));
		assertThat(seen).contains("(application/vnd.openxmlformats-officedocument.wordprocessingml.document, ")
			.contains("Word document, 2 paragraphs, 1 tables, title \"Meeting notes\", author \"Grace Hopper\".")
			.contains("# Decisions\nWe ship on Friday.")
			.contains("| Owner | Task |\n| Grace | Release notes |");
	}

	@Test
	void xlsxSheetsHeadersRowCountsAndSamples() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (XSSFWorkbook workbook = new XSSFWorkbook()) {
			Sheet sales = workbook.createSheet("Sales");
			Row header = sales.createRow(0);
			header.createCell(0).setCellValue("Region");
			header.createCell(1).setCellValue("Units");
			header.createCell(2).setCellValue("Price");
			header.createCell(3).setCellValue("Total");
			for (int i = 1; i <= 10; i++) {
				Row row = sales.createRow(i);
				row.createCell(0).setCellValue("Region " + i);
				row.createCell(1).setCellValue(i);
				row.createCell(2).setCellValue(2.5);
				row.createCell(3).setCellFormula("B" + (i + 1) + "*C" + (i + 1));
			}
			workbook.createSheet("Empty");
			workbook.getCreationHelper().createFormulaEvaluator().evaluateAll();
			workbook.write(out);
		}
		String id = upload("sales.xlsx", out.toByteArray());
		String seen = modelSaw(filePart(id));
		assertThat(seen).contains("Spreadsheet, 2 sheets.")
			.contains("Sheet \"Sales\": 11 rows (1 header row + 10 data rows), 4 columns.")
			.contains("Header: Region | Units | Price | Total")
			.contains("Row 2: Region 1 | 1 | 2.5 | 2.5")
			.contains("Row 4: Region 3 | 3 | 2.5 | 7.5")
			.doesNotContain("Region 4 |")
			.contains("(7 more data rows)")
			.contains("Sheet \"Empty\": 0 rows");
	}

	@Test
	void csvHeaderRowCountAndSamples() {
		StringBuilder csv = new StringBuilder("city;population;country\n");
		for (int i = 1; i <= 20; i++) {
			csv.append("City ").append(i).append(';').append(i * 1000).append(";\"Land; ").append(i).append("\"\n");
		}
		String id = upload("cities.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
		String seen = modelSaw(filePart(id));
		assertThat(seen).contains("(text/csv, ")
			.contains("CSV table (delimiter ';'), 20 data rows after the header, 3 columns.")
			.contains("Header: city | population | country")
			.contains("Row 1: City 1 | 1000 | Land; 1")
			.contains("Row 3: City 3 | 3000 | Land; 3")
			.doesNotContain("City 4 |")
			.contains("(17 more data rows)");
	}

	@Test
	void jsonStructure() {
		String document = "{\"name\":\"Widget\",\"tags\":[\"a\",\"b\",\"c\"],\"parts\":[{\"id\":1,\"size\":\"S\"},"
				+ "{\"id\":2,\"size\":null}],\"active\":true}";
		String id = upload("widget.json", document.getBytes(StandardCharsets.UTF_8));
		String seen = modelSaw(filePart(id));
		assertThat(seen).contains("(application/json, ")
			.contains("JSON document; its structure:")
			.contains("- name: string, e.g. \"Widget\"")
			.contains("- tags: array of 3 items (string, e.g. \"a\")")
			.contains("- parts: array of 2 items (object)\n  - id: number, e.g. 1\n  - size: string | null, e.g. \"S\"")
			.contains("- active: boolean, e.g. true")
			.contains("Content:\n" + document);
	}

	@Test
	void sourceFileImportsAndDefinitions() {
		String python = """
				import os
				from collections import OrderedDict

				class Inventory:
				    def add(self, item):
				        return item

				def main():
				    print(os.getcwd())
				""";
		String id = upload("inventory.py", python.getBytes(StandardCharsets.UTF_8));
		String seen = modelSaw(filePart(id));
		assertThat(seen).contains("Source file, Python, 9 lines.")
			.contains("Imports: os, collections")
			.contains("- line 4: class Inventory:")
			.contains("- line 8: def main():")
			.contains("Code:\nimport os");

		String java = """
				package demo;

				import java.util.List;

				public class Greeter {
				    public String greet(String name) {
				        return "Hello " + name;
				    }
				}
				""";
		String javaId = upload("Greeter.java", java.getBytes(StandardCharsets.UTF_8));
		assertThat(modelSaw(filePart(javaId))).contains("Source file, Java, 9 lines.")
			.contains("Imports: java.util.List")
			.contains("- line 5: public class Greeter {")
			.contains("- line 6: public String greet(String name) {");
	}

	@Test
	void imageFormatAndSize() throws Exception {
		String id = upload("photo.png", FilesApiTest.png(320, 200));
		assertThat(modelSaw(filePart(id))).contains("(image/png, ").contains("Image, PNG, 320 x 200 pixels.");
	}

	@Test
	void inlineFileDataIsReadToo() {
		String data = "data:text/csv;base64," + Base64.getEncoder()
			.encodeToString("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
		String seen = modelSaw("{\"type\":\"file\",\"file\":{\"filename\":\"inline.csv\",\"file_data\":\"" + data + "\"}}");
		assertThat(seen).contains("[Attached file \"inline.csv\" (text/csv, 8 bytes)]")
			.contains("CSV table (delimiter ','), 1 data rows after the header, 2 columns.")
			.contains("Row 1: 1 | 2");
	}

	@Test
	void whatDoesNotFitTheBudgetIsCutAndNamed() throws Exception {
		String[] pages = new String[12];
		for (int i = 0; i < pages.length; i++) {
			pages[i] = ("Page " + (i + 1) + " text. ").repeat(40);
		}
		String pdf = upload("long.pdf", pdf("Long", pages));
		String text = upload("long.txt", "word ".repeat(3000).getBytes(StandardCharsets.UTF_8));
		String seen = modelSaw(filePart(pdf), filePart(text));
		// Two files share the budget: about 2,000 characters each.
		assertThat(seen).containsPattern("budget of 2,000 characters; not shown: pages \\d+-12, [\\d,]+ more characters\\.\\]")
			.containsPattern("Cut to fit the attachment budget of 2,000 characters; not shown: [\\d,]+ more characters\\.\\]")
			.doesNotContain("Page 12 text");
		assertThat(seen.length()).isLessThan(BUDGET + 1000);
	}

	@Test
	void anUnreadableFileIsReportedToTheModel() {
		String id = upload("broken.pdf", "%PDF-1.7\nthis is not really a PDF".getBytes(StandardCharsets.UTF_8));
		assertThat(modelSaw(filePart(id))).contains("(application/pdf, ").contains("(The content could not be read: ");
	}

	@Test
	void anOpenAiUpstreamGetsTextPartsInsteadOfFileParts() throws Exception {
		String id = upload("report.pdf", pdf("T", "Forty-two."));
		var response = alice.post("/v1/chat/completions", request(TestUpstreams.OPENAI_MODEL, filePart(id)));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode sent = json.readTree(response.json().at("/choices/0/message/content").asString());
		JsonNode content = sent.at("/messages/0/content");
		assertThat(content.valueStream().map(part -> part.path("type").asString())).containsExactly("text", "text");
		assertThat(content.get(1).path("text").asString()).contains("Forty-two.");
	}

	@Test
	void theSessionHistoryKeepsTheTextNotTheFilePart() throws Exception {
		String id = upload("memo.pdf", pdf("Memo", "Remember the milk."));
		String body = "{\"model\":\"" + TestUpstreams.OLLAMA_MODEL + "\",\"session_id\":\"att-session\",\"messages\":"
				+ "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}," + filePart(id) + "]}]}";
		assertThat(alice.post("/v1/chat/completions", body).status()).isEqualTo(200);
		var history = alice.get("/api/chat/history/att-session");
		assertThat(history.status()).as(history.body()).isEqualTo(200);
		assertThat(history.body()).contains("Remember the milk.").doesNotContain("\"file_id\"");
	}

	@Test
	void unknownOrAnotherUsersFileIdsAndBadPartsAreRefused() {
		String bobs = bobFiles.uploaded("bob.txt", "text/plain", "bob".getBytes(), "user_data").path("id").asString();
		for (String fileId : new String[] { "file-doesnotexist", bobs }) {
			var refused = alice.post("/v1/chat/completions", request(TestUpstreams.OLLAMA_MODEL, filePart(fileId)));
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			schema.assertValid("ErrorResponse", refused.body());
			assertThat(refused.json().at("/error/param").asString()).isEqualTo("messages[0].content[1].file.file_id");
			assertThat(refused.json().at("/error/code").asString()).isEqualTo("file_not_found");
			assertThat(refused.body()).doesNotContain("bob");
		}
		var streamed = alice.stream("/v1/chat/completions", request(TestUpstreams.OLLAMA_MODEL, filePart(bobs))
			.replace("{\"model\"", "{\"stream\":true,\"model\""));
		assertThat(streamed.status()).isEqualTo(400);
		assertThat(String.join("", streamed.lines())).contains("messages[0].content[1].file.file_id");

		var empty = alice.post("/v1/chat/completions", request(TestUpstreams.OLLAMA_MODEL, "{\"type\":\"file\",\"file\":{}}"));
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().at("/error/param").asString()).isEqualTo("messages[0].content[1].file");
		var notBase64 = alice.post("/v1/chat/completions",
				request(TestUpstreams.OLLAMA_MODEL, "{\"type\":\"file\",\"file\":{\"file_data\":\"%%%\"}}"));
		assertThat(notBase64.status()).isEqualTo(400);
		assertThat(notBase64.json().at("/error/param").asString()).isEqualTo("messages[0].content[1].file.file_data");
		String big = Base64.getEncoder().encodeToString(new byte[65 * 1024]);
		var tooLarge = alice.post("/v1/chat/completions",
				request(TestUpstreams.OLLAMA_MODEL, "{\"type\":\"file\",\"file\":{\"file_data\":\"" + big + "\"}}"));
		assertThat(tooLarge.status()).isEqualTo(413);
		schema.assertValid("ErrorResponse", tooLarge.body());
		assertThat(tooLarge.json().at("/error/code").asString()).isEqualTo("file_too_large");
		assertThat(tooLarge.json().at("/error/param").asString()).isEqualTo("messages[0].content[1].file.file_data");
	}
}
