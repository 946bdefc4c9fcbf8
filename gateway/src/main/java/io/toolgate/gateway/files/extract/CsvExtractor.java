package io.toolgate.gateway.files.extract;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV and TSV tables (Commons CSV): the delimiter (guessed from the first line), row and column counts, the
 * header and a few sample rows. The whole file is read to count its rows; only the samples are kept.
 */
final class CsvExtractor implements FormatExtractor {

	private static final char[] DELIMITERS = { ',', ';', '\t', '|' };

	private final int sampleRows;

	CsvExtractor(int sampleRows) {
		this.sampleRows = sampleRows;
	}

	@Override
	public boolean accepts(String mediaType, String filename) {
		return "text/csv".equals(mediaType) || "text/tab-separated-values".equals(mediaType);
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		char delimiter = delimiter(file);
		CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
		List<List<String>> samples = new ArrayList<>();
		long rows = 0;
		int columns = 0;
		try (Reader reader = reader(file); CSVParser parser = CSVParser.parse(reader, format)) {
			for (CSVRecord record : parser) {
				if (rows % 10_000 == 0) {
					budget.check();
				}
				rows++;
				columns = Math.max(columns, record.size());
				if (samples.size() <= sampleRows) {
					samples.add(record.toList());
				}
			}
		}
		long dataRows = Math.max(0, rows - 1);
		out.line("CSV table (delimiter " + name(delimiter) + "), " + dataRows + " data rows after the header, " + columns
				+ " columns.");
		if (samples.isEmpty()) {
			return;
		}
		out.line("Header: " + String.join(" | ", samples.get(0)));
		for (int i = 1; i < samples.size(); i++) {
			out.line("Row " + i + ": " + String.join(" | ", samples.get(i)));
		}
		if (dataRows > samples.size() - 1) {
			out.line("(" + (dataRows - (samples.size() - 1)) + " more data rows)");
		}
	}

	/** The candidate that occurs most often in the first line (a comma when none does). */
	private static char delimiter(Path file) throws Exception {
		String first;
		try (BufferedReader reader = reader(file)) {
			first = reader.readLine();
		}
		char best = ',';
		long bestCount = 0;
		for (char candidate : DELIMITERS) {
			long count = first == null ? 0 : first.chars().filter(c -> c == candidate).count();
			if (count > bestCount) {
				best = candidate;
				bestCount = count;
			}
		}
		return best;
	}

	/** UTF-8 (malformed bytes replaced), without a byte order mark. */
	private static BufferedReader reader(Path file) throws Exception {
		BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
		reader.mark(1);
		if (reader.read() != '\uFEFF') {
			reader.reset();
		}
		return reader;
	}

	private static String name(char delimiter) {
		return switch (delimiter) {
			case '\t' -> "tab";
			case ';' -> "';'";
			case '|' -> "'|'";
			default -> "','";
		};
	}
}
