using System;
using System.Text;

namespace Tracarbon.Tests.Export
{
    /// <summary>
    /// Walks protobuf's wire format field by field: enough to read what an OTLP exporter sends without
    /// generated code. Unknown fields are skipped, as a real decoder would.
    /// </summary>
    internal ref struct ProtobufReader
    {
        private const int Varint = 0;
        private const int Fixed64 = 1;
        private const int LengthDelimited = 2;
        private const int Fixed32 = 5;

        private readonly ReadOnlySpan<byte> _data;
        private int _position;
        private int _wireType;

        public ProtobufReader(ReadOnlySpan<byte> data)
        {
            _data = data;
            _position = 0;
            _wireType = -1;
            Field = 0;
        }

        /// <summary>The field number of the field just read by <see cref="Next"/>.</summary>
        public int Field { get; private set; }

        /// <summary>Moves to the next field; false at the end of the message.</summary>
        public bool Next()
        {
            if (_position >= _data.Length)
            {
                return false;
            }

            ulong key = ReadVarint();
            Field = (int)(key >> 3);
            _wireType = (int)(key & 7);
            if (Field == 0)
            {
                throw new FormatException("Field number 0 is not valid protobuf.");
            }

            return true;
        }

        public ulong Varint64()
        {
            Expect(Varint);
            return ReadVarint();
        }

        public double Double()
        {
            Expect(Fixed64);
            return BitConverter.Int64BitsToDouble((long)ReadFixed64());
        }

        public ulong Fixed64Value()
        {
            Expect(Fixed64);
            return ReadFixed64();
        }

        /// <summary>A length-delimited field's bytes: an embedded message, a string or bytes.</summary>
        public ReadOnlySpan<byte> Bytes()
        {
            Expect(LengthDelimited);
            int length = checked((int)ReadVarint());
            if (length < 0 || _position + length > _data.Length)
            {
                throw new FormatException($"A length of {length} runs past the end of the message.");
            }

            ReadOnlySpan<byte> bytes = _data.Slice(_position, length);
            _position += length;
            return bytes;
        }

        public string String() => Encoding.UTF8.GetString(Bytes());

        public void Skip()
        {
            switch (_wireType)
            {
                case Varint:
                    ReadVarint();
                    break;
                case Fixed64:
                    Advance(8);
                    break;
                case LengthDelimited:
                    Bytes();
                    break;
                case Fixed32:
                    Advance(4);
                    break;
                default:
                    throw new FormatException($"Wire type {_wireType} is not one this reader knows.");
            }
        }

        private void Expect(int wireType)
        {
            if (_wireType != wireType)
            {
                throw new FormatException($"Field {Field} has wire type {_wireType}, not {wireType}.");
            }
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw new FormatException("A varint runs past the end of the message.");
                }

                byte b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new FormatException("A varint is longer than ten bytes.");
        }

        private ulong ReadFixed64()
        {
            Advance(8);
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                // Little-endian, whatever the machine.
                value |= (ulong)_data[_position - 8 + i] << (8 * i);
            }

            return value;
        }

        private void Advance(int count)
        {
            if (_position + count > _data.Length)
            {
                throw new FormatException("A fixed-size field runs past the end of the message.");
            }

            _position += count;
        }
    }
}
