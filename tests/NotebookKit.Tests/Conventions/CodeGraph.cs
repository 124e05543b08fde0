using Mono.Cecil;
using Mono.Cecil.Cil;

namespace NotebookKit.Tests.Conventions;

/// <summary>One use of a type or member by a type of the kit, read from the compiled IL (signatures and method bodies).</summary>
/// <param name="From">The full name of the using type (nested types count as their outermost type).</param>
/// <param name="FromNamespace">The namespace of <paramref name="From"/>.</param>
/// <param name="To">The full name of the used type.</param>
/// <param name="ToNamespace">The namespace of <paramref name="To"/>.</param>
/// <param name="Member">The member used (<c>Move</c>, <c>get_IsSupported</c>), or null for a use of the type itself.</param>
/// <param name="Kind">How: <c>signature</c>, <c>call</c>, <c>field</c>, <c>isinst</c>, <c>castclass</c>, <c>newobj</c>, ...</param>
public sealed record Use(string From, string FromNamespace, string To, string ToNamespace, string? Member, string Kind)
{
    public override string ToString() => $"{From} -> {To}{(Member is null ? "" : "." + Member)} ({Kind})";
}

/// <summary>Every type use in a set of assemblies (Mono.Cecil, so method bodies count, not only signatures).</summary>
public sealed class CodeGraph
{
    private CodeGraph(IReadOnlyList<Use> uses, IReadOnlyList<TypeDefinition> types, IReadOnlyList<AssemblyDefinition> assemblies)
    {
        Uses = uses;
        Types = types;
        Assemblies = assemblies;
    }

    public IReadOnlyList<Use> Uses { get; }

    /// <summary>Every top-level and nested type defined in the assemblies.</summary>
    public IReadOnlyList<TypeDefinition> Types { get; }

    public IReadOnlyList<AssemblyDefinition> Assemblies { get; }

    public static CodeGraph Load(params string[] assemblyPaths)
    {
        var resolver = new DefaultAssemblyResolver();
        foreach (string folder in assemblyPaths.Select(p => Path.GetDirectoryName(p)!).Distinct())
        {
            resolver.AddSearchDirectory(folder);
        }

        var assemblies = assemblyPaths.Select(p => AssemblyDefinition.ReadAssembly(p, new ReaderParameters { AssemblyResolver = resolver })).ToList();
        var uses = new List<Use>();
        var types = new List<TypeDefinition>();
        foreach (var type in assemblies.SelectMany(a => a.MainModule.Types).SelectMany(AllTypes))
        {
            types.Add(type);
            if (type.Name == "<Module>")
            {
                continue;
            }

            new Collector(Outermost(type), uses).Visit(type);
        }

        return new CodeGraph(uses, types, assemblies);
    }

    /// <summary>The namespace a type belongs to (a nested type's is its outermost type's).</summary>
    public static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static IEnumerable<TypeDefinition> AllTypes(TypeDefinition type) => [type, .. type.NestedTypes.SelectMany(AllTypes)];

    private sealed class Collector(TypeReference owner, List<Use> uses)
    {
        public void Visit(TypeDefinition type)
        {
            Type(type.BaseType, "base");
            foreach (var i in type.Interfaces)
            {
                Type(i.InterfaceType, "interface");
            }

            Attributes(type.CustomAttributes);
            foreach (var g in type.GenericParameters)
            {
                foreach (var c in g.Constraints)
                {
                    Type(c.ConstraintType, "constraint");
                }
            }

            foreach (var f in type.Fields)
            {
                Type(f.FieldType, "signature");
                Attributes(f.CustomAttributes);
            }

            foreach (var p in type.Properties)
            {
                Type(p.PropertyType, "signature");
                Attributes(p.CustomAttributes);
            }

            foreach (var e in type.Events)
            {
                Type(e.EventType, "signature");
            }

            foreach (var m in type.Methods)
            {
                Method(m);
            }
        }

        private void Method(MethodDefinition m)
        {
            Type(m.ReturnType, "signature");
            Attributes(m.CustomAttributes);
            foreach (var p in m.Parameters)
            {
                Type(p.ParameterType, "signature");
                Attributes(p.CustomAttributes);
            }

            if (!m.HasBody)
            {
                return;
            }

            foreach (var v in m.Body.Variables)
            {
                Type(v.VariableType, "local");
            }

            foreach (var h in m.Body.ExceptionHandlers)
            {
                Type(h.CatchType, "catch");
            }

            foreach (var instruction in m.Body.Instructions)
            {
                string kind = instruction.OpCode.Code switch
                {
                    Code.Isinst => "isinst",
                    Code.Castclass or Code.Unbox_Any => "castclass",
                    Code.Newobj => "newobj",
                    Code.Call or Code.Callvirt or Code.Ldftn or Code.Ldvirtftn => "call",
                    Code.Ldfld or Code.Ldsfld or Code.Stfld or Code.Stsfld or Code.Ldflda or Code.Ldsflda => "field",
                    _ => "operand",
                };
                switch (instruction.Operand)
                {
                    case MethodReference method:
                        Type(method.DeclaringType, kind, method.Name);
                        Type(method.ReturnType, "signature");
                        foreach (var p in method.Parameters)
                        {
                            Type(p.ParameterType, "signature");
                        }

                        if (method is GenericInstanceMethod generic)
                        {
                            foreach (var a in generic.GenericArguments)
                            {
                                Type(a, "generic");
                            }
                        }

                        break;
                    case FieldReference field:
                        Type(field.DeclaringType, kind, field.Name);
                        Type(field.FieldType, "signature");
                        break;
                    case TypeReference t:
                        Type(t, kind);
                        break;
                }
            }
        }

        private void Attributes(IEnumerable<CustomAttribute> attributes)
        {
            foreach (var a in attributes)
            {
                Type(a.AttributeType, "attribute");
                foreach (var arg in a.ConstructorArguments.Concat(a.Properties.Select(p => p.Argument)))
                {
                    if (arg.Value is TypeReference t)
                    {
                        Type(t, "attribute");
                    }
                }
            }
        }

        private void Type(TypeReference? type, string kind, string? member = null)
        {
            switch (type)
            {
                case null:
                case GenericParameter:
                    return;
                case GenericInstanceType generic:
                    // Recorded under its constructed name (System.Func`3<System.Int32,...>) so rules can single out one instantiation.
                    uses.Add(new Use(owner.FullName, owner.Namespace, generic.FullName, NamespaceOf(generic.ElementType), member, kind));
                    Type(generic.ElementType, kind, member);
                    foreach (var a in generic.GenericArguments)
                    {
                        Type(a, "generic");
                    }

                    return;
                case TypeSpecification spec:
                    // Arrays, by-ref, pointers, modifiers: the element type is what is used.
                    Type(spec.ElementType, kind, member);
                    return;
            }

            uses.Add(new Use(owner.FullName, owner.Namespace, type.FullName, NamespaceOf(type), member, kind));
        }
    }
}
