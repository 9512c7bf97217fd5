package com.qwire.mock.clientgate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.model.AccessModifier;
import japicmp.model.JApiClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;
import org.openapitools.codegen.config.GlobalSettings;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client compatibility gate (issue 11): the Java clients generated from the contracts are compared
 * with those generated from the last released contracts (openapi/baseline/) by japicmp, binary and source
 * compatibility both, with the generator settings of generated/*-client/pom.xml. It runs in every build,
 * next to the openapi-diff gate, and is shown to judge as it must: a new required parameter breaks
 * consumers' code, a new optional header does not (positional methods take required parameters only).
 */
class ClientCompatibilityGateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of(System.getProperty("qwire.root", "../..")).toAbsolutePath().normalize();
    private static final Path BASELINE = ROOT.resolve("openapi").resolve("baseline");

    @Test
    void currentClientsAreCompatibleWithTheReleasedOnes(@TempDir Path dir) throws Exception {
        for (String client : List.of("order", "callback")) {
            Path spec = ROOT.resolve("openapi").resolve(client + "_server.yaml");
            List<String> breaks = breaks(client, BASELINE.resolve(client + "_server.yaml"), spec, dir.resolve(client));
            assertThat(breaks).as("%s client: what a consumer's code would no longer compile or link against", client).isEmpty();
        }
    }

    @Test
    void aNewRequiredParameterBreaksTheClient(@TempDir Path dir) throws Exception {
        Path changed = changedOrderSpec(dir, spec -> ((ArrayNode) spec.at("/paths/~1order/get/parameters")).addObject()
                .put("name", "region").put("in", "query").put("required", true).put("description", "Added. / 新增。")
                .putObject("schema").put("type", "string"));
        assertThat(breaks("order", BASELINE.resolve("order_server.yaml"), changed, dir.resolve("required")))
                .anySatisfy(b -> assertThat(b).contains("OrdersApi"));
    }

    @Test
    void aNewOptionalHeaderDoesNotBreakTheClient(@TempDir Path dir) throws Exception {
        Path changed = changedOrderSpec(dir, spec -> ((ArrayNode) spec.at("/paths/~1order/post/parameters")).addObject()
                .put("name", "X-Request-Priority").put("in", "header").put("required", false).put("description", "Added. / 新增。")
                .putObject("schema").put("type", "string"));
        Path work = dir.resolve("optional");
        assertThat(breaks("order", BASELINE.resolve("order_server.yaml"), changed, work)).isEmpty();
        // …and the new header is there to use, on the request object.
        assertThat(Files.readString(work.resolve("new/src/gen/java/com/qwire/mock/client/order/api/OrdersApi.java")))
                .contains("xRequestPriority(");
    }

    private static Path changedOrderSpec(Path dir, Consumer<ObjectNode> change) throws IOException {
        ObjectNode spec = (ObjectNode) YAML.readTree(BASELINE.resolve("order_server.yaml").toFile());
        change.accept(spec);
        Path changed = dir.resolve("order_server.yaml");
        YAML.writeValue(changed.toFile(), spec);
        return changed;
    }

    /** What japicmp finds incompatible between the clients of {@code oldSpec} and {@code newSpec}. */
    private static List<String> breaks(String client, Path oldSpec, Path newSpec, Path work) throws Exception {
        Path oldJar = clientJar(client, oldSpec, work.resolve("old"));
        Path newJar = clientJar(client, newSpec, work.resolve("new"));
        JarArchiveComparatorOptions options = new JarArchiveComparatorOptions();
        options.setAccessModifier(AccessModifier.PROTECTED);
        options.getIgnoreMissingClasses().setIgnoreAllMissingClasses(true);
        List<JApiClass> classes = new JarArchiveComparator(options)
                .compare(new JApiCmpArchive(oldJar.toFile(), "baseline"), new JApiCmpArchive(newJar.toFile(), "current"));
        List<String> breaks = new ArrayList<>();
        for (JApiClass c : classes) {
            if (!c.isBinaryCompatible() || !c.isSourceCompatible()) {
                breaks.add(c.getFullyQualifiedName() + ": " + c.getCompatibilityChanges()
                        + c.getMethods().stream().filter(m -> !m.isBinaryCompatible() || !m.isSourceCompatible())
                        .map(m -> " " + m.getName() + m.getCompatibilityChanges()).toList());
            }
        }
        return breaks;
    }

    /** Generates the client as its module's pom does, compiles it, and jars the classes. */
    private static Path clientJar(String client, Path spec, Path work) throws Exception {
        Path module = ROOT.resolve("generated").resolve(client + "-client");
        Map<String, String> plugin = new LinkedHashMap<>();
        Map<String, String> configOptions = new LinkedHashMap<>();
        readGeneratorSettings(module.resolve("pom.xml"), plugin, configOptions);
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setGeneratorName(plugin.get("generatorName"))
                .setLibrary(plugin.get("library"))
                .setInputSpec(spec.toString())
                .setOutputDir(work.toString())
                .setApiPackage(plugin.get("apiPackage"))
                .setModelPackage(plugin.get("modelPackage"))
                .setInvokerPackage(plugin.get("invokerPackage"))
                .setTemplateDir(module.resolve(plugin.get("templateDirectory").replace("${project.basedir}/", "")).normalize().toString());
        configOptions.forEach(configurator::addAdditionalProperty);
        GlobalSettings.setProperty("apiTests", "false");
        GlobalSettings.setProperty("modelTests", "false");
        GlobalSettings.setProperty("apiDocs", "false");
        GlobalSettings.setProperty("modelDocs", "false");
        new DefaultGenerator().opts(configurator.toClientOptInput()).generate();

        Path sources = work.resolve(configOptions.get("sourceFolder"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", System.getProperty("java.class.path"),
                "-nowarn", "-Xlint:none", "-proc:none"));
        args.addAll(files);
        int status = javac.run(null, OutputStream.nullOutputStream(), System.err, args.toArray(String[]::new));
        assertThat(status).as("the %s client generated from %s compiles", client, spec).isZero();

        Path jar = work.resolve(client + "-client.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The openapi-generator plugin's settings in a client module's pom: one source of truth for the build and this gate. */
    private static void readGeneratorSettings(Path pom, Map<String, String> plugin, Map<String, String> configOptions) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element configuration = (Element) factory.newDocumentBuilder().parse(pom.toFile()).getElementsByTagName("configuration").item(0);
        for (Node n = configuration.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (e.getTagName().equals("configOptions")) {
                    for (Node o = e.getFirstChild(); o != null; o = o.getNextSibling()) {
                        if (o instanceof Element option) {
                            configOptions.put(option.getTagName(), option.getTextContent().trim());
                        }
                    }
                } else {
                    plugin.put(e.getTagName(), e.getTextContent().trim());
                }
            }
        }
        for (String required : Arrays.asList("generatorName", "library", "apiPackage", "modelPackage", "invokerPackage", "templateDirectory")) {
            assertThat(plugin).as("%s in %s", required, pom).containsKey(required);
        }
    }
}
